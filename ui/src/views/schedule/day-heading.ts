// A calendar day's heading in the interface's language.
import { t } from "../../lib/i18n";
import { dateParts } from "./dates";

/** "вт, 1 декабря" / "Tue 1 December": a day as a reader says it, not an ISO date. */
export function dayHeading(date: string): string {
  const { weekday, day, month } = dateParts(date);
  return t("calendar.dayHeading", {
    weekday: t("calendar.weekdays").split("|")[weekday] ?? "",
    day,
    month: t("calendar.months").split("|")[month - 1] ?? "",
  });
}
