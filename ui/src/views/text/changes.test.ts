import { describe, expect, it } from "vitest";
import { applyChanges, lineChanges } from "./changes";

describe("lineChanges", () => {
  const cases: [string, string, string][] = [
    ["quotes and dash", "\"Привет\" - сказал он\n\nв Москве", "«Привет»\u00a0— сказал он\n\nв\u00a0Москве"],
    ["nothing to do", "Текст", "Текст"],
    ["emoji stay whole", "😀 \"a\"", "😀 «a»"],
    ["line count differs", "a\nb", "a b"],
  ];
  for (const [name, before, after] of cases) {
    it(name, () => {
      const changes = lineChanges(before, after);
      expect(applyChanges(before, changes), "the changes must rebuild the new text exactly").toBe(after);
    });
  }

  it("touches only what differs, so the cursor keeps its place", () => {
    const changes = lineChanges("один\nв Москве\nтри", "один\nв\u00a0Москве\nтри");
    expect(changes).toEqual([{ from: 6, to: 7, insert: "\u00a0" }]);
  });
});
