import { describe, expect, it } from "vitest";
import { steppedMinHeight, unchangedEnds } from "./preview-patch";

const same = (a: string, b: string) => a === b;

/** What the patch leaves: shown's ends kept, next's middle put between them. */
function patched(shown: string[], next: string[]): string[] {
  const { prefix, suffix } = unchangedEnds(shown, next, same);
  return [...shown.slice(0, prefix), ...next.slice(prefix, next.length - suffix), ...shown.slice(shown.length - suffix)];
}

describe("unchangedEnds", () => {
  it("finds one changed block in the middle", () => {
    expect(unchangedEnds(["a", "b", "c"], ["a", "B", "c"], same)).toEqual({ prefix: 1, suffix: 1 });
  });

  it("keeps everything when nothing changed", () => {
    expect(unchangedEnds(["a", "b"], ["a", "b"], same)).toEqual({ prefix: 2, suffix: 0 });
  });

  it("never counts a block twice when a repeated block is inserted or removed", () => {
    // "a a" -> "a a a": the prefix takes both, the suffix may not take the same block again.
    expect(unchangedEnds(["a", "a"], ["a", "a", "a"], same)).toEqual({ prefix: 2, suffix: 0 });
    expect(unchangedEnds(["a", "a", "a"], ["a", "a"], same)).toEqual({ prefix: 2, suffix: 0 });
  });

  it("handles an empty side", () => {
    expect(unchangedEnds([], ["a"], same)).toEqual({ prefix: 0, suffix: 0 });
    expect(unchangedEnds(["a"], [], same)).toEqual({ prefix: 0, suffix: 0 });
  });

  it("always gives exactly the new list, for every small pair of lists", () => {
    // Every list of up to 4 blocks over a two-letter alphabet, against every other.
    const lists: string[][] = [[]];
    for (let length = 1; length <= 4; length += 1) {
      for (let bits = 0; bits < 1 << length; bits += 1) {
        lists.push(Array.from({ length }, (_, i) => ((bits >> i) & 1 ? "x" : "y")));
      }
    }
    for (const shown of lists) {
      for (const next of lists) {
        expect(patched(shown, next), `${shown.join("")} -> ${next.join("")}`).toEqual(next);
      }
    }
  });
});

describe("steppedMinHeight", () => {
  it("gives a short preview no reserve", () => {
    expect(steppedMinHeight(800, 0, 2000)).toBe(0);
  });

  it("reserves up to the next step and keeps it while lines are added", () => {
    let current = steppedMinHeight(2500, 0, 2000);
    expect(current).toBe(4000);
    const heights = [2520, 2600, 3100, 3999, 4000];
    for (const natural of heights) {
      current = steppedMinHeight(natural, current, 2000);
      expect(current, `at ${natural} px`).toBe(4000);
    }
    expect(steppedMinHeight(4001, current, 2000)).toBe(6000);
  });

  it("steps down only when the content shrinks by a whole step", () => {
    expect(steppedMinHeight(4100, 6000, 2000)).toBe(6000);
    expect(steppedMinHeight(3900, 6000, 2000)).toBe(4000);
    expect(steppedMinHeight(1500, 4000, 2000)).toBe(0);
  });

  it("is never below the content", () => {
    for (let natural = 0; natural < 20_000; natural += 137) {
      for (const current of [0, 2000, 8000, 16_000]) {
        const next = steppedMinHeight(natural, current, 2000);
        expect(next === 0 ? natural <= 2000 : next >= natural, `${natural} from ${current}`).toBe(true);
      }
    }
  });
});
