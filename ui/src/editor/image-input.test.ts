import { describe, expect, it } from "vitest";
import { paragraphAround } from "./image-input";

describe("paragraphAround", () => {
  const md = "![](images/x.jpg)";
  it("makes the image its own paragraph in the middle of a line", () => {
    expect(paragraphAround("Раз два", 3, md)).toBe(`\n\n${md}\n\n`);
  });
  it("adds nothing at the start or end of the text", () => {
    expect(paragraphAround("", 0, md)).toBe(md);
    expect(paragraphAround("Текст\n\n", 7, md)).toBe(md);
  });
  it("completes a single line break to a blank line", () => {
    expect(paragraphAround("А\nБ", 2, md)).toBe(`\n${md}\n\n`);
  });
});
