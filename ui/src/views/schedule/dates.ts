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

/** Zone offsets (minutes east of UTC) from Rust's tz database (`ZoneInfo.offsets`), when read. */
let rustOffsets: Record<string, number> | null = null;

/** Takes the zones' offsets from Rust: "today" in a zone then follows the tz database the
 * schedules are made with, not the web view's own, which can be older (Debian 12's WebKitGTK
 * still puts Asia/Almaty at UTC+6, so from midnight to one o'clock there "tomorrow" meant the
 * day after). Read again with each `ZoneInfo`, so a daylight-saving change is followed. */
export function useZoneOffsets(offsets: Record<string, number | undefined>): void {
  const known: Record<string, number> = {};
  for (const [zone, minutes] of Object.entries(offsets)) if (typeof minutes === "number") known[zone] = minutes;
  rustOffsets = known;
}

/** The date of `now` in `zone` as YYYY-MM-DD: by Rust's offsets once known (above).
 *
 * Otherwise
 * built from `formatToParts`, never by parsing a formatted string: what a locale's format
 * looks like depends on the engine (WebKitGTK formats "en-CA" as MM/DD/YYYY, Chromium as
 * YYYY-MM-DD), and the parts are the same everywhere. The numbering system is pinned to
 * Latin digits for the same reason. A zone the engine does not know falls back to UTC. */
export function todayIn(zone: string, now: Date = new Date()): string {
  const offset = rustOffsets?.[zone];
  if (offset !== undefined) return new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 10);
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
