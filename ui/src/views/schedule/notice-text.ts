// A scheduler notice in the interface language, from its kind and minutes, or for a failed
// publish from its reason (a sentence the core sends as a message key). The core's English
// message is shown only for a notice recorded before reasons were kept that way.
import type { Notice } from "../../lib/bindings/Notice";
import { formatDuration, say, t } from "../../lib/i18n";

export function noticeText(n: Pick<Notice, "kind" | "minutes" | "message" | "reason">): string {
  if (n.kind === "publish_failed" && n.reason) return t("notice.publish_failed", { reason: say(n.reason) });
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
