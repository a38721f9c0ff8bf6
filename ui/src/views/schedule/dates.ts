// Calendar-date arithmetic for the calendar's navigation (pure; days are dates, not instants).

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date's weekday (0 = Monday, as the newsroom's weeks start), day of the month
 * and month (1–12), for a heading in the interface's language. */
export function dateParts(date: string): { weekday: number; day: number; month: number } {
  const d = new Date(`${date}T00:00:00Z`);
  return { weekday: (d.getUTCDay() + 6) % 7, day: d.getUTCDate(), month: d.getUTCMonth() + 1 };
}

/** The Monday of the week containing `date`. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** The date of `now` in `zone` as YYYY-MM-DD.
 *
 * Built from `formatToParts`, never by parsing a formatted string: what a locale's format
 * looks like depends on the engine (WebKitGTK formats "en-CA" as MM/DD/YYYY, Chromium as
 * YYYY-MM-DD), and the parts are the same everywhere. The numbering system is pinned to
 * Latin digits for the same reason. A zone the engine does not know falls back to UTC. */
export function todayIn(zone: string, now: Date = new Date()): string {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit", numberingSystem: "latn" };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone });
  } catch {
    format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => format.formatToParts(now).find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}
