import { describe, expect, it } from "vitest";
import { describeKey } from "./shortcuts";

const key = (k: string, code: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("describeKey", () => {
  it("names the physical key, so shortcuts work with a Russian layout", () => {
    expect(describeKey(key("т", "KeyN", { ctrlKey: true })), "Ctrl+N with the ЙЦУКЕН layout").toBe("mod+n");
    expect(describeKey(key("n", "KeyN", { ctrlKey: true }))).toBe("mod+n");
    expect(describeKey(key("ы", "KeyS", { metaKey: true }))).toBe("mod+s");
  });

  it("keeps modifiers apart", () => {
    expect(describeKey(key("K", "KeyK", { ctrlKey: true, shiftKey: true }))).toBe("mod+shift+k");
    expect(describeKey(key("Escape", "Escape"))).toBe("escape");
  });
});
