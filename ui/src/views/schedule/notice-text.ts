// A scheduler notice in the interface language, from its kind and minutes (the core
// stores an English sentence too, shown for a kind this UI cannot word: a failed publish,
// whose reason is the core's own message).
import type { Notice } from "../../lib/bindings/Notice";
import { formatDuration, t } from "../../lib/i18n";

export function noticeText(n: Pick<Notice, "kind" | "minutes" | "message">): string {
  if (n.minutes === null) return n.message;
  const duration = formatDuration(n.minutes);
  switch (n.kind) {
    case "late_publish":
      return t("notice.late_publish", { duration });
    case "schedule_moved":
      return t(n.minutes > 0 ? "notice.schedule_later" : "notice.schedule_earlier", { duration });
    case "embargo_moved":
      return t(n.minutes > 0 ? "notice.embargo_later" : "notice.embargo_earlier", { duration });
    default:
      return n.message;
  }
}
