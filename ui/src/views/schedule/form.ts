// A wall-clock time in a zone: a typed date and time and a zone picker (defaulting to the
// newsroom's zone), shared by the schedule and embargo forms. WebKitGTK's date and time
// inputs cannot be typed into, and their popup fills in UTC: the text is read by
// `parseWhen` and what it understood is shown under the field. Where a DST change makes
// the time skipped or doubled, the caller shows the options the core offers.
import type { Fold } from "../../lib/bindings/Fold";
import type { WallClockInput } from "../../lib/bindings/WallClockInput";
import type { ZonedTime } from "../../lib/bindings/ZonedTime";
import { h } from "../../lib/dom";
import { locale, onLocaleChange, t, type MessageKey } from "../../lib/i18n";
import { todayIn } from "./dates";
import { parseWhen, type When } from "./when";

let zoneList: HTMLDataListElement | null = null;

/** One shared <datalist> of every IANA zone name the core knows. */
export function ensureZoneList(zones: string[]): string {
  if (!zoneList) {
    zoneList = h("datalist", { attrs: { id: "schedule-zones" } });
    zoneList.append(...zones.map((z) => h("option", { attrs: { value: z } })));
    document.body.append(zoneList);
  }
  return "schedule-zones";
}

export interface WallClockField {
  el: HTMLElement;
  value(): WallClockInput | null;
  set(local: string, zone: string): void;
  setFold(fold: Fold | null): void;
}

/** "Wed, 2 December 2026, 09:00" in the interface language; the wall time as written
 * (formatted as UTC so no zone shifts it). */
export function showWallTime(local: string): string {
  const [date, time] = local.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const instant = new Date(Date.UTC(y, m - 1, d, hh, mm));
  return new Intl.DateTimeFormat(locale(), {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

/** `now` is the app's clock (the store's, so a test clock moves it too). */
export function wallClockField(testid: string, label: MessageKey, zone: string, onChange: () => void, now: () => Date): WallClockField {
  const understood = h("div", { class: "wallclock-understood hint", testid: `${testid}-understood`, attrs: { "aria-live": "polite" } });
  let parsed: When = { ok: false, error: "when.empty" };
  const zoneInput = h("input", {
    testid: `${testid}-zone`,
    attrs: { type: "text", list: "schedule-zones", value: zone, spellcheck: "false" },
    on: { change: () => reread(), input: () => reread() },
  });
  const local = h("input", {
    testid: `${testid}-local`,
    placeholder: "when.placeholder",
    attrs: { type: "text", autocomplete: "off", spellcheck: "false" },
    on: { input: () => reread() },
  });
  zoneInput.value = zone;
  let fold: Fold | null = null;

  function zoneName(): string {
    return zoneInput.value.trim();
  }

  function render(): void {
    understood.dataset.ok = String(parsed.ok);
    understood.dataset.local = parsed.ok ? parsed.local : "";
    understood.classList.toggle("schedule-problem", !parsed.ok && local.value.trim() !== "");
    understood.textContent = parsed.ok
      ? t("when.understood", { when: showWallTime(parsed.local), zone: zoneName() })
      : local.value.trim() === "" ? "" : t(parsed.error);
  }

  function reread(): void {
    parsed = parseWhen(local.value, todayIn(zoneName() || zone, now()));
    render();
    onChange();
  }
  onLocaleChange(render);

  return {
    el: h(
      "div",
      { class: "wallclock" },
      h("label", {}, h("span", { text: label }), local),
      h("label", {}, h("span", { text: "schedule.zone" }), zoneInput),
      understood,
    ),
    value() {
      if (!parsed.ok || !zoneName()) return null;
      return fold ? { zone: zoneName(), local: parsed.local, fold } : { zone: zoneName(), local: parsed.local };
    },
    set(value: string, z: string) {
      local.value = value.replace("T", " ");
      zoneInput.value = z;
      fold = null;
      parsed = value ? parseWhen(value, todayIn(z, now())) : { ok: false, error: "when.empty" };
      render();
    },
    setFold(next: Fold | null) {
      fold = next;
    },
  };
}

/** "2026-01-16 09:00 (UTC+05:00)". */
export function showZoned(z: ZonedTime): string {
  return `${z.local.replace("T", " ")} (UTC${z.offset})`;
}
