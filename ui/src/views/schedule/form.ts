// A wall-clock time in a zone: a datetime-local input and a zone picker (defaulting to the
// newsroom's zone), shared by the schedule and embargo forms. Where a DST change makes the
// time skipped or doubled, the caller shows the options the core offers.
import type { Fold } from "../../lib/bindings/Fold";
import type { WallClockInput } from "../../lib/bindings/WallClockInput";
import type { ZonedTime } from "../../lib/bindings/ZonedTime";
import { h } from "../../lib/dom";
import type { MessageKey } from "../../lib/i18n";

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

export function wallClockField(testid: string, label: MessageKey, zone: string, onChange: () => void): WallClockField {
  const local = h("input", { testid: `${testid}-local`, attrs: { type: "datetime-local" }, on: { input: onChange } });
  const zoneInput = h("input", {
    testid: `${testid}-zone`,
    attrs: { type: "text", list: "schedule-zones", value: zone, spellcheck: "false" },
    on: { change: onChange, input: onChange },
  });
  zoneInput.value = zone;
  let fold: Fold | null = null;
  return {
    el: h(
      "div",
      { class: "wallclock" },
      h("label", {}, h("span", { text: label }), local),
      h("label", {}, h("span", { text: "schedule.zone" }), zoneInput),
    ),
    value() {
      if (!local.value || !zoneInput.value.trim()) return null;
      return fold ? { zone: zoneInput.value.trim(), local: local.value, fold } : { zone: zoneInput.value.trim(), local: local.value };
    },
    set(value: string, z: string) {
      local.value = value;
      zoneInput.value = z;
      fold = null;
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
