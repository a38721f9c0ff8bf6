// A checklist line in the interface language, from the core's numbers (the core's own
// `detail` sentence is English, for logs; it is shown only for a check this UI does not know).
import type { CheckResult } from "../../lib/bindings/CheckResult";
import { t, type MessageKey } from "../../lib/i18n";

const COUNTED = new Set(["headline_length", "tags", "words"]);
const PRESENCE = new Set(["slug", "dek", "byline"]);

export function checkText(c: CheckResult): string {
  if (COUNTED.has(c.check) && c.found !== null && c.min !== null) {
    const key = (c.check === "headline_length" && c.max === null ? "check.headline_length.noMax" : `check.${c.check}`) as MessageKey;
    return t(key, { found: c.found, min: c.min, ...(c.max !== null ? { max: c.max } : {}) });
  }
  if (c.check === "images" && c.found !== null) {
    return c.passed ? t("check.images.passed") : t("check.images.failed", { found: c.found });
  }
  if (PRESENCE.has(c.check)) return t(`check.${c.check}.${c.passed ? "passed" : "failed"}` as MessageKey);
  return c.detail;
}
