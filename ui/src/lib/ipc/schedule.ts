// Schedules, embargo, the publishing calendar and scheduler notices (issue 4).
import { EVENTS } from "./commands";
import { call } from "./core";
import type { CalendarQuery } from "../bindings/CalendarQuery";
import type { PublishedItem } from "../bindings/PublishedItem";
import type { ScheduleRequest } from "../bindings/ScheduleRequest";
import type { WallClockInput } from "../bindings/WallClockInput";

/** The user's own IANA zone, as the system reports it. */
export function userZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export const zoneInfo = () => call("schedule_zone_info");

export const setNewsroomZone = (zone: string) => call("set_newsroom_zone", { zone });

export const previewSchedule = (id: string, request: ScheduleRequest) =>
  call("preview_schedule", { id, request });

/** Schedules an approved article or reschedules a scheduled one. */
export const scheduleArticle = (id: string, request: ScheduleRequest) =>
  call("schedule_article", { id, request });

export const unscheduleArticle = (id: string) => call("unschedule_article", { id });

export const getSchedule = (id: string) => call("get_schedule", { id, userZone: userZone() });

export const setEmbargo = (id: string, time: WallClockInput) =>
  call("set_embargo", { id, time, userZone: userZone() });

export const clearEmbargo = (id: string) => call("clear_embargo", { id });

export const getEmbargo = (id: string) => call("get_embargo", { id, userZone: userZone() });

export const scheduleCalendar = (query: CalendarQuery) => call("schedule_calendar", { query });

export const scheduleNotices = (includeAcknowledged = false) =>
  call("schedule_notices", { includeAcknowledged });

export const acknowledgeNotice = (id: number) => call("acknowledge_notice", { id });

export const acknowledgeAllNotices = () => call("acknowledge_all_notices");

/** End-to-end tests only: moves the app's test clock forward. */
export const advanceTestClock = (minutes: number) => call("advance_test_clock", { minutes });

/** Calls `handler` whenever the scheduler published an article or changed notices. */
export async function onScheduleEvents(handler: (published: PublishedItem | null) => void): Promise<() => void> {
  const { listen } = await import("@tauri-apps/api/event");
  const offPublished = await listen<PublishedItem>(EVENTS.SCHEDULE_PUBLISHED, (e) => handler(e.payload));
  const offChanged = await listen(EVENTS.SCHEDULE_CHANGED, () => handler(null));
  return () => {
    offPublished();
    offChanged();
  };
}
