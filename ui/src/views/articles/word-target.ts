// A word-count target as an editor writes it ("600–800", "600-800", "600"), and where a
// count stands against it. The core stores and validates the target; this only reads text.
import type { TargetFit } from "../../lib/bindings/TargetFit";
import type { WordTarget } from "../../lib/bindings/WordTarget";

export type TargetInput = { ok: true; target: WordTarget | null } | { ok: false };

/** Empty clears the target; "600" is at least 600; "600–800" (any dash) a range. */
export function parseTarget(text: string): TargetInput {
  const s = text.trim().replace(/\s+/g, "");
  if (!s) return { ok: true, target: null };
  const m = /^(\d{1,6})(?:[-–—](\d{1,6}))?$/.exec(s);
  if (!m) return { ok: false };
  const min = Number(m[1]);
  const max = m[2] === undefined ? null : Number(m[2]);
  if (max !== null && max < min) return { ok: false };
  return { ok: true, target: { min, max } };
}

export function showTarget(target: WordTarget | null): string {
  if (!target) return "";
  return target.max === null ? String(target.min) : `${target.min}–${target.max}`;
}

/** Mirrors the core's `WordTarget::fit`. */
export function fitOf(words: number, target: WordTarget): TargetFit {
  if (words < target.min) return "short";
  if (target.max !== null && words > target.max) return "over";
  return "within";
}
