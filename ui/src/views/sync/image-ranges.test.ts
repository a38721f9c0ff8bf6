import { describe, expect, it } from "vitest";
import { THUMB_LONG_EDGE, WEB_LONG_EDGE } from "./image-ranges";

const sources = Object.values(
  import.meta.glob<string>("../../../../crates/newsroom-core/src/images/mod.rs", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
);

/** `pub const NAME: RangeInclusive<u32> = MIN..=MAX;` from the core's source. */
function rustRange(name: string): { min: number; max: number } {
  const found = new RegExp(`pub const ${name}: RangeInclusive<u32> = ([\\d_]+)\\.\\.=([\\d_]+);`).exec(sources[0] ?? "");
  expect(found, `found ${name} in images/mod.rs`).not.toBeNull();
  return { min: Number(found![1].replace(/_/g, "")), max: Number(found![2].replace(/_/g, "")) };
}

describe("the image settings' ranges", () => {
  it("mirror the core's", () => {
    expect(sources.length, "found images/mod.rs").toBe(1);
    expect(WEB_LONG_EDGE).toEqual(rustRange("WEB_LONG_EDGE"));
    expect(THUMB_LONG_EDGE).toEqual(rustRange("THUMB_LONG_EDGE"));
  });
});
