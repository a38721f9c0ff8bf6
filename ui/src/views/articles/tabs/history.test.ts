import { describe, expect, it } from "vitest";
import { pickPair } from "./history";

describe("pickPair", () => {
  it("diffs the last two ticked revisions, older first", () => {
    expect(pickPair([]), "nothing to compare with fewer than two").toBeNull();
    expect(pickPair([7])).toBeNull();
    expect(pickPair([9, 4])).toEqual([4, 9]);
    expect(pickPair([1, 9, 4]), "the two most recent ticks win").toEqual([4, 9]);
  });
});
