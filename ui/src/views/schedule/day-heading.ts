// A calendar day's heading in the interface's language.
import { t, type MessageKey } from "../../lib/i18n";
import { dateParts } from "./dates";

/** "вт, 1 декабря" / "Tue 1 December": a day as a reader says it, not an ISO date. */
export function dayHeading(date: string): string {
  const { weekday, day, month } = dateParts(date);
  return t("calendar.dayHeading", {
    weekday: t(`calendar.weekday.${weekday + 1}` as MessageKey),
    day,
    month: t(`calendar.month.${month}` as MessageKey),
  });
}
