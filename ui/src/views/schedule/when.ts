// Reading a typed date and time: "02.12.2026 09:00", "2026-12-02 09:00", "завтра 9:00",
// "tomorrow 9am". WebKitGTK's date and time inputs cannot be typed into, so the schedule
// form takes text and shows what it understood. Pure: "today" is passed in (the caller
// takes it from the app's clock, in the zone the time is meant for), never read here.
import { addDays } from "./dates";

export type WhenError = "when.empty" | "when.noTime" | "when.badDate" | "when.badTime" | "when.unknown";

export type When = { ok: true; local: string } | { ok: false; error: WhenError };

/** A typed day: `date` is YYYY-MM-DD. */
export type Day = { ok: true; date: string } | { ok: false; error: "day.empty" | "when.badDate" | "day.unknown" };

/** Words for days relative to today, in Russian, Kazakh and English. */
const RELATIVE: Record<string, number> = {
  "сегодня": 0,
  "бүгін": 0,
  "today": 0,
  "завтра": 1,
  "ертең": 1,
  "tomorrow": 1,
  "послезавтра": 2,
  "бүрсігүні": 2,
};

const pad = (n: number) => String(n).padStart(2, "0");

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** "9:00", "09:00", "9am", "9:30 pm", "21.00" is not accepted (a date looks the same). */
function parseTime(text: string): string | null | "bad" {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.replace(/\./g, "");
  // A bare number is a time only with am/pm ("9am"); "9" alone is too easily a day.
  if (m[2] === undefined && !meridiem) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return "bad";
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return "bad";
  return `${pad(hour)}:${pad(minute)}`;
}

/** The date part: dd.mm.yyyy, yyyy-mm-dd, or a relative word. */
function parseDate(text: string, today: string): string | null | "bad" {
  if (text in RELATIVE) return addDays(today, RELATIVE[text]);
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1])) ?? "bad";
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? "bad";
  return null;
}

/** Reads `input` as a wall-clock time; `today` (YYYY-MM-DD) anchors "tomorrow" and a bare time. */
export function parseWhen(input: string, today: string): When {
  const text = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return { ok: false, error: "when.empty" };
  // ISO with a T, as a date picker or a pasted timestamp writes it.
  const iso = /^(\d{4}-\d{1,2}-\d{1,2})t(\d{1,2}:\d{2})(?::\d{2})?$/.exec(text);
  const words = iso ? [iso[1], iso[2]] : text.replace(/,/g, " ").split(" ").filter((w) => w && w !== "в" && w !== "at" && w !== "сағат");
  // "9 am" is one time written as two words.
  const joined: string[] = [];
  for (const w of words) {
    if (/^(am|pm|a\.m\.|p\.m\.)$/.test(w) && joined.length) joined[joined.length - 1] += w;
    else joined.push(w);
  }
  let date: string | null = null;
  let time: string | null = null;
  for (const w of joined) {
    const d: string | null = date === null ? parseDate(w, today) : null;
    if (d === "bad") return { ok: false, error: "when.badDate" };
    if (d) {
      date = d;
      continue;
    }
    const t: string | null = time === null ? parseTime(w) : null;
    if (t === "bad") return { ok: false, error: "when.badTime" };
    if (t) {
      time = t;
      continue;
    }
    return { ok: false, error: "when.unknown" };
  }
  if (!time) return { ok: false, error: date ? "when.noTime" : "when.unknown" };
  return { ok: true, local: `${date ?? today}T${time}` };
}

/** Reads `input` as a day alone (the Calendar's date field): the same dates as `parseWhen`
 * — 02.12.2026, 2026-12-02, завтра, tomorrow — with no time. */
export function parseDay(input: string, today: string): Day {
  const text = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return { ok: false, error: "day.empty" };
  const date = parseDate(text, today);
  if (date === "bad") return { ok: false, error: "when.badDate" };
  return date ? { ok: true, date } : { ok: false, error: "day.unknown" };
}
