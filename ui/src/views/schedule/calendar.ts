// The publishing calendar (day or week, days of the newsroom's zone) and the scheduler's
// notices (late publishes, times moved by tz-rule changes), which stay until acknowledged.
import type { Calendar } from "../../lib/bindings/Calendar";
import type { CalendarItem } from "../../lib/bindings/CalendarItem";
import type { Notice } from "../../lib/bindings/Notice";
import { h } from "../../lib/dom";
import { onLocaleChange, say, t, type MessageKey } from "../../lib/i18n";
import { getArticle } from "../../lib/ipc/articles";
import {
  acknowledgeAllNotices,
  acknowledgeNotice,
  onScheduleEvents,
  scheduleCalendar,
  scheduleNotices,
  unscheduleArticle,
  userZone,
  zoneInfo,
} from "../../lib/ipc/schedule";
import { toast } from "../../lib/toast";
import { emit } from "../../shell/bus";
import { registerView } from "../../shell/registry";
import { addDays, mondayOf, todayIn, useZoneOffsets } from "./dates";
import { dayHeading } from "./day-heading";
import { dayField } from "./day-field";
import { showZoned } from "./form";
import { noticeText } from "./notice-text";

function fail(error: unknown): void {
  toast(t("error.generic", { reason: (error as Error).message }), "error");
}

registerView({
  id: "calendar",
  label: "nav.calendar",
  icon: "▦", // glyphs from DejaVu Sans: a fresh Debian has no emoji font
  order: 20,
  mount(host, app) {
    let mode: "day" | "week" = "week";
    let date = todayIn(userZone());
    const notices = h("div", { class: "schedule-notices", testid: "schedule-notices" });
    const grid = h("div", { class: "calendar-grid", testid: "calendar" });
    const dayButton = h("button", { class: "button", testid: "calendar-day", text: "calendar.day", on: { click: () => setMode("day") } });
    const weekButton = h("button", { class: "button", testid: "calendar-week", text: "calendar.week", on: { click: () => setMode("week") } });
    const dateField = dayField(() => todayIn(userZone()), (typed) => { date = typed; void load(); });
    const step = (sign: number) => { date = addDays(date, sign * (mode === "day" ? 1 : 7)); void load(); };

    host.append(
      h(
        "div",
        { class: "calendar-layout" },
        h("h2", { class: "view-title", text: "calendar.title" }),
        notices,
        h(
          "div",
          { class: "calendar-toolbar" },
          dayButton,
          weekButton,
          h("button", { class: "button", testid: "calendar-prev", text: "calendar.prev", on: { click: () => step(-1) } }),
          dateField.el,
          h("button", { class: "button", testid: "calendar-next", text: "calendar.next", on: { click: () => step(1) } }),
          h("button", { class: "button", text: "calendar.today", on: { click: () => { date = todayIn(userZone()); void load(); } } }),
        ),
        grid,
      ),
    );

    // "Today" by Rust's tz database (see `useZoneOffsets`); the first guess above is the web
    // view's, which can be a day off for an hour around midnight.
    const guessed = date;
    void zoneInfo()
      .then((info) => {
        useZoneOffsets(info.offsets);
        const today = todayIn(userZone());
        if (date === guessed && today !== guessed) {
          date = today;
          void load();
        }
      })
      .catch(() => undefined);

    function setMode(next: "day" | "week"): void {
      mode = next;
      void load();
    }

    function itemRow(item: CalendarItem): HTMLElement {
      const stateKey = `calendar.state.${item.state}` as MessageKey;
      const meta: string[] = [t(stateKey)];
      if (item.lead) meta.push(t("calendar.lead"));
      if (item.overdue) meta.push(t("calendar.overdue"));
      if (item.embargo_until) meta.push(t("calendar.embargo", { when: item.embargo_until.slice(0, 16).replace("T", " ") + " UTC" }));
      const actions = h("span", { class: "calendar-actions" },
        h("button", { class: "button", testid: "calendar-open", text: "calendar.open", on: { click: () => void app.openArticle(item.article_id) } }),
        item.state === "scheduled"
          ? h("button", { class: "button", testid: "calendar-unschedule", text: "schedule.unschedule", on: { click: () => void unschedule(item.article_id) } })
          : null,
      );
      return h(
        "li",
        { class: `calendar-item calendar-${item.state}`, testid: "calendar-item", attrs: { "data-article": item.article_id, "data-state": item.state } },
        h("span", { class: "calendar-time", testid: "calendar-newsroom-time" }, `${showZoned(item.newsroom)} ${item.newsroom.zone}`),
        h("span", { class: "calendar-time-user", testid: "calendar-user-time" }, `${showZoned(item.user)} ${item.user.zone}`),
        h("span", { class: "calendar-headline", testid: "calendar-headline" }, item.headline || "—"),
        h("span", { class: "calendar-meta" }, meta.join(" · ")),
        item.failure ? h("span", { class: "schedule-problem" }, say(item.failure)) : null,
        actions,
      );
    }

    function render(calendar: Calendar): void {
      grid.replaceChildren(
        ...calendar.days.map((day) =>
          h(
            "section",
            { class: "calendar-day", testid: "calendar-day-column", attrs: { "data-date": day.date } },
            h("h3", { testid: "calendar-day-heading" }, dayHeading(day.date)),
            day.items.length
              ? h("ul", {}, ...day.items.map(itemRow))
              : h("p", { class: "hint", text: "calendar.empty" }),
          ),
        ),
      );
    }

    function renderNotices(list: Notice[]): void {
      notices.replaceChildren();
      if (!list.length) return;
      notices.append(
        h("h3", { text: "notices.title" }),
        ...list.map((n) =>
          h(
            "div",
            { class: `schedule-notice notice-${n.kind}`, testid: "schedule-notice", attrs: { "data-kind": n.kind } },
            h("strong", {}, n.headline || "—"),
            " ",
            h("span", {}, noticeText(n)),
            " ",
            h("button", { class: "button", testid: "notice-ack", text: "notices.ack", on: { click: () => void ack(n.id) } }),
          ),
        ),
        h("button", { class: "button", text: "notices.ackAll", on: { click: () => void ackAll() } }),
      );
    }

    async function load(): Promise<void> {
      const start = mode === "week" ? mondayOf(date) : date;
      dateField.show(date);
      dayButton.classList.toggle("active", mode === "day");
      weekButton.classList.toggle("active", mode === "week");
      try {
        const [calendar, open] = await Promise.all([
          scheduleCalendar({ start, days: mode === "week" ? 7 : 1, user_zone: userZone() }),
          scheduleNotices(false),
        ]);
        render(calendar);
        renderNotices(open);
      } catch (error) {
        fail(error);
      }
    }

    async function unschedule(id: string): Promise<void> {
      try {
        await unscheduleArticle(id);
        emit("article-changed", await getArticle(id));
        await load();
      } catch (error) {
        fail(error);
      }
    }

    async function ack(id: number): Promise<void> {
      try {
        await acknowledgeNotice(id);
        await load();
      } catch (error) {
        fail(error);
      }
    }

    async function ackAll(): Promise<void> {
      try {
        await acknowledgeAllNotices();
        await load();
      } catch (error) {
        fail(error);
      }
    }

    let visible = false;
    // Headings and labels are made when the calendar is drawn: draw it again in the new language.
    onLocaleChange(() => {
      if (visible) void load();
    });
    void onScheduleEvents((published) => {
      if (published) {
        toast(t("notices.published", { headline: published.headline || "—" }));
        void getArticle(published.article_id).then((a) => emit("article-changed", a)).catch(() => undefined);
      }
      if (visible) void load();
    });

    return {
      shown() {
        visible = true;
        void load();
      },
      hidden() {
        visible = false;
      },
    };
  },
});
