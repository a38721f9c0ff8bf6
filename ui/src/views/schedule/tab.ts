// The schedule tab beside the editor: when the article goes out (a wall-clock time in a
// zone, shown in the newsroom's and the user's zone), the lead flag, warnings and DST
// choices from the core's live preview; and the embargo.
import type { Article } from "../../lib/bindings/Article";
import type { SchedulePreview } from "../../lib/bindings/SchedulePreview";
import type { ScheduleRequest } from "../../lib/bindings/ScheduleRequest";
import { debounce, h } from "../../lib/dom";
import { say, t } from "../../lib/i18n";
import { getArticle } from "../../lib/ipc/articles";
import {
  clearEmbargo,
  getEmbargo,
  getSchedule,
  onScheduleEvents,
  previewSchedule,
  scheduleArticle,
  setEmbargo,
  unscheduleArticle,
  userZone,
  zoneInfo,
} from "../../lib/ipc/schedule";
import { applyAction, currentProfile } from "../../lib/ipc/workflow";
import { toast } from "../../lib/toast";
import { emit } from "../../shell/bus";
import { registerArticleTab } from "../../shell/registry";
import { statusLabel } from "../articles/list";
import { whoAreYouForm } from "../workflow/welcome";
import { useZoneOffsets } from "./dates";
import { ensureZoneList, showZoned, wallClockField } from "./form";

function fail(error: unknown): void {
  toast(t("schedule.failed", { reason: (error as Error).message }), "error");
}

registerArticleTab({
  id: "schedule",
  label: "panel.schedule",
  order: 17,
  mount(host, ctx) {
    let article: Article | null = null;
    let preview: SchedulePreview | null = null;
    let newsroomZone = "Asia/Almaty";
    // The app's clock (the store's, which end-to-end tests move) as an offset from this
    // machine's: "tomorrow" in the form means tomorrow by the app's clock.
    let clockOffset = 0;
    const now = () => new Date(Date.now() + clockOffset);

    const current = h("div", { class: "schedule-current", testid: "schedule-current" });
    const when = wallClockField("schedule", "schedule.when", newsroomZone, () => {
      when.setFold(null);
      refreshPreview();
    }, now);
    const lead = h("input", { testid: "schedule-lead", attrs: { type: "checkbox" }, on: { change: () => refreshPreview() } });
    const previewBox = h("div", { class: "schedule-preview", testid: "schedule-preview" });
    const submit = h("button", { class: "button primary", testid: "schedule-submit", text: "schedule.submit", on: { click: () => void submitSchedule() } });
    const cancel = h("button", { class: "button", testid: "schedule-unschedule", text: "schedule.unschedule", on: { click: () => void unschedule() } });
    // When the article cannot be scheduled yet, the step that gets it there, right here.
    const nextStep = h("div", { class: "schedule-next", testid: "schedule-next-step" });
    nextStep.hidden = true;
    const embargoNow = h("div", { class: "embargo-current", testid: "embargo-current" });
    const embargoWhen = wallClockField("embargo", "embargo.until", newsroomZone, () => undefined, now);
    const embargoSet = h("button", { class: "button", testid: "embargo-set", text: "embargo.set", on: { click: () => void saveEmbargo() } });
    const embargoClear = h("button", { class: "button", testid: "embargo-clear", text: "embargo.clear", on: { click: () => void liftEmbargo() } });

    host.append(
      h(
        "div",
        { class: "schedule-tab" },
        h("h4", { text: "schedule.title" }),
        current,
        when.el,
        h("label", { class: "inline" }, lead, h("span", { text: "schedule.lead" })),
        previewBox,
        h("div", { class: "schedule-buttons" }, submit, cancel),
        nextStep,
        h("h4", { text: "embargo.title" }),
        embargoNow,
        embargoWhen.el,
        h("div", { class: "schedule-buttons" }, embargoSet, embargoClear),
      ),
    );

    function request(): ScheduleRequest | null {
      const time = when.value();
      return time ? { time, lead: lead.checked, user_zone: userZone() } : null;
    }

    function renderPreview(): void {
      previewBox.replaceChildren();
      if (!preview) return;
      const p = preview;
      if (p.newsroom && p.user) {
        previewBox.append(
          h("div", { testid: "preview-newsroom" }, `${t("schedule.newsroomTime", { zone: p.newsroom.zone })}: ${showZoned(p.newsroom)}`),
          h("div", { testid: "preview-user" }, `${t("schedule.yourTime", { zone: p.user.zone })}: ${showZoned(p.user)}`),
        );
      }
      if (p.check.kind !== "unique") {
        previewBox.append(h("div", { class: "hint", text: "schedule.chooseOffset" }));
        for (const option of p.check.options) {
          const radio = h("input", {
            testid: `schedule-fold-${option.fold}`,
            attrs: when.value()?.fold === option.fold ? { type: "radio", name: "schedule-fold", checked: "" } : { type: "radio", name: "schedule-fold" },
            on: {
              change: () => {
                when.setFold(option.fold);
                refreshPreview();
              },
            },
          });
          previewBox.append(h("label", { class: "inline" }, radio, ` ${showZoned(option.shown)} = ${option.utc.slice(0, 16).replace("T", " ")} UTC`));
        }
      }
      if (p.problem) previewBox.append(h("div", { class: "schedule-problem", testid: "schedule-problem" }, say(p.problem)));
      for (const w of p.warnings) {
        previewBox.append(h("div", { class: "schedule-warning", testid: "schedule-warning", attrs: { "data-kind": w.kind } }, `⚠ ${say(w.said)}`));
      }
    }

    const refreshPreview = debounce(async () => {
      const req = request();
      if (!article || !req) {
        preview = null;
        renderPreview();
        return;
      }
      try {
        preview = await previewSchedule(article.id, req);
      } catch (error) {
        preview = null;
        previewBox.replaceChildren(h("div", { class: "schedule-problem", testid: "schedule-problem" }, (error as Error).message));
        return;
      }
      renderPreview();
    }, 200);

    async function load(): Promise<void> {
      const a = article;
      if (!a) return;
      try {
        const [info, schedule, embargo] = await Promise.all([zoneInfo(), getSchedule(a.id), getEmbargo(a.id)]);
        newsroomZone = info.newsroom_zone;
        clockOffset = Date.parse(info.now) - Date.now();
        useZoneOffsets(info.offsets);
        ensureZoneList(info.zones);
        current.replaceChildren();
        current.dataset.state = schedule ? a.status : "none";
        if (schedule) {
          current.append(
            h("div", { testid: "schedule-newsroom-time" }, `${t("schedule.newsroomTime", { zone: schedule.newsroom.zone })}: ${showZoned(schedule.newsroom)}`),
            h("div", { testid: "schedule-user-time" }, `${t("schedule.yourTime", { zone: schedule.user.zone })}: ${showZoned(schedule.user)}`),
          );
          when.set(schedule.local, schedule.zone);
          lead.checked = schedule.lead;
        } else {
          current.append(h("div", { text: "schedule.none" }));
          if (!when.value()) when.set("", newsroomZone);
        }
        submit.dataset.i18n = a.status === "scheduled" ? "schedule.resubmit" : "schedule.submit";
        submit.textContent = t(a.status === "scheduled" ? "schedule.resubmit" : "schedule.submit");
        submit.disabled = !(a.status === "approved" || a.status === "scheduled");
        cancel.hidden = a.status !== "scheduled";
        await renderNextStep(a);
        embargoNow.replaceChildren(
          embargo ? h("div", { testid: "embargo-until" }, t("embargo.done", { when: `${showZoned(embargo.newsroom)} ${embargo.newsroom.zone}` })) : h("div", { text: "embargo.none" }),
        );
        embargoClear.hidden = !embargo;
        if (embargo) embargoWhen.set(embargo.set_in.local, embargo.set_in.zone);
        else if (!embargoWhen.value()) embargoWhen.set("", newsroomZone);
      } catch (error) {
        fail(error);
      }
    }

    async function renderNextStep(a: Article): Promise<void> {
      nextStep.replaceChildren();
      const steps = ["draft", "changes_requested", "in_review"];
      nextStep.hidden = !steps.includes(a.status);
      if (nextStep.hidden) return;
      const profile = await currentProfile();
      if (!profile) {
        nextStep.append(h("div", { text: "next.noProfile" }), whoAreYouForm("schedule-who", () => void load()));
      } else if (profile.role === "journalist") {
        nextStep.append(h("div", { text: "next.journalist" }));
        if (a.status !== "in_review") {
          nextStep.append(
            h("button", { class: "button", testid: "schedule-send-for-review", text: "next.submit", on: { click: () => void step(a.id, ["submit"], false) } }),
          );
        }
      } else {
        const actions: ("submit" | "approve")[] = a.status === "in_review" ? ["approve"] : ["submit", "approve"];
        nextStep.append(
          h("div", {}, t("next.editor", { state: statusLabel(a.status) })),
          h("button", {
            class: "button button-primary",
            testid: "schedule-approve-and-schedule",
            text: "next.approveAndSchedule",
            on: { click: () => void step(a.id, actions, true) },
          }),
        );
      }
    }

    /** Takes the workflow steps, then schedules at the typed time if asked. */
    async function step(id: string, actions: ("submit" | "approve")[], thenSchedule: boolean): Promise<void> {
      if (thenSchedule && !request()) {
        toast(t("next.needTime"), "error");
        return;
      }
      try {
        for (const action of actions) await applyAction(id, action);
        await reloadArticle(id);
        if (thenSchedule) await submitSchedule();
      } catch (error) {
        fail(error);
        await reloadArticle(id).catch(() => undefined);
      }
    }

    async function reloadArticle(id: string): Promise<void> {
      const fresh = await getArticle(id);
      ctx.replaceArticle(fresh);
      emit("article-changed", fresh);
    }

    async function submitSchedule(): Promise<void> {
      const a = article;
      const req = request();
      if (!a || !req) return;
      if (preview && preview.warnings.length > 0 && !window.confirm(`${preview.warnings.map((w) => say(w.said)).join("\n")}\n\n${t("schedule.warningsConfirm")}`)) return;
      try {
        const outcome = await scheduleArticle(a.id, req);
        toast(t("schedule.done", { when: `${showZoned(outcome.schedule.newsroom)} ${outcome.schedule.newsroom.zone}` }));
        await reloadArticle(a.id);
      } catch (error) {
        fail(error);
      }
    }

    async function unschedule(): Promise<void> {
      const a = article;
      if (!a) return;
      try {
        await unscheduleArticle(a.id);
        toast(t("schedule.unscheduled"));
        await reloadArticle(a.id);
      } catch (error) {
        fail(error);
      }
    }

    async function saveEmbargo(): Promise<void> {
      const a = article;
      const time = embargoWhen.value();
      if (!a || !time) return;
      try {
        const outcome = await setEmbargo(a.id, time);
        for (const w of outcome.warnings) toast(say(w.said));
        // An embargo is an edit of the article: take its new version before anything else.
        await reloadArticle(a.id);
        await load();
      } catch (error) {
        fail(error);
      }
    }

    async function liftEmbargo(): Promise<void> {
      const a = article;
      if (!a) return;
      try {
        await clearEmbargo(a.id);
        // An embargo is an edit of the article: take its new version before anything else.
        await reloadArticle(a.id);
        await load();
      } catch (error) {
        fail(error);
      }
    }

    // The scheduler publishes in the background: show the new state of the open article.
    void onScheduleEvents((published) => {
      if (published && article && published.article_id === article.id) void reloadArticle(article.id);
    });

    return {
      update(next) {
        const changed = next?.id !== article?.id;
        article = next;
        if (changed) {
          preview = null;
          when.set("", newsroomZone);
          embargoWhen.set("", newsroomZone);
          renderPreview();
        }
        void load();
      },
      shown: () => void load(),
    };
  },
});
