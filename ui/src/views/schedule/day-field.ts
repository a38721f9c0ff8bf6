// The Calendar's date box: typed text read by `parseDay` (02.12.2026, 2026-12-02, завтра,
// tomorrow), because WebKitGTK's <input type=date> ignores typed digits. Enter or leaving
// the field goes to the day; what it could not read is said under the field and the
// calendar stays where it was.
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { parseDay } from "./when";

export interface DayField {
  el: HTMLElement;
  /** Shows `date` (YYYY-MM-DD) as the field's value, clearing any complaint. */
  show(date: string): void;
}

/** `today()` anchors relative words; `go(date)` is called with each day the user enters. */
export function dayField(today: () => string, go: (date: string) => void): DayField {
  const problem = h("span", { class: "schedule-problem day-problem", testid: "calendar-date-problem", attrs: { "aria-live": "polite" } });
  const input = h("input", {
    class: "day-input",
    testid: "calendar-date",
    placeholder: "day.placeholder",
    title: "day.label",
    attrs: { type: "text", autocomplete: "off", spellcheck: "false" },
  });
  let shown = "";

  function clear(): void {
    input.removeAttribute("aria-invalid");
    problem.textContent = "";
  }

  function apply(): void {
    const day = parseDay(input.value, today());
    if (day.ok && day.date === shown) {
      input.value = shown;
      clear();
    } else if (day.ok) {
      go(day.date);
    } else {
      problem.textContent = t(day.error);
      input.setAttribute("aria-invalid", "true");
    }
  }
  input.addEventListener("change", apply);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") apply();
  });

  return {
    el: h("span", { class: "day-field" }, input, problem),
    show(date: string) {
      shown = date;
      input.value = date;
      clear();
    },
  };
}
