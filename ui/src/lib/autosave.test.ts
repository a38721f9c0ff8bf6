import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AutosaveScheduler, classify, type SaveState, type Timers } from "./autosave";

const timers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

function harness(save: () => Promise<string>) {
  const states: SaveState[] = [];
  const scheduler = new AutosaveScheduler(save, (s) => states.push(s), undefined, timers);
  return { scheduler, states, last: () => states[states.length - 1] };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AutosaveScheduler", () => {
  it("saves 400 ms after the last keystroke", async () => {
    const save = vi.fn(async () => "t1");
    const { scheduler, last } = harness(save);
    scheduler.touch();
    await vi.advanceTimersByTimeAsync(399);
    expect(save, "no save while the author may still be typing").not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(last()).toEqual({ kind: "saved", at: "t1" });
    expect(scheduler.hasUnsavedChanges).toBe(false);
  });

  it("counts the pause from the keystroke, not from when the editor reported it", async () => {
    const save = vi.fn(async () => "t1");
    const { scheduler } = harness(save);
    const keyAt = Date.now();
    await vi.advanceTimersByTimeAsync(30); // the editor drew the key first
    scheduler.touch(keyAt);
    await vi.advanceTimersByTimeAsync(369);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save, "400 ms after the key itself").toHaveBeenCalledTimes(1);
  });

  it("ignores an edit time from the future or from before the pause", async () => {
    const save = vi.fn(async () => "t1");
    const { scheduler } = harness(save);
    scheduler.touch(Date.now() + 10_000);
    await vi.advanceTimersByTimeAsync(399);
    expect(save, "a time ahead of the clock counts as now").not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.touch(Date.now() - 5_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(save, "a stale time must not save at once").toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it("saves at most 1 s after the first unsaved keystroke during continuous typing", async () => {
    const save = vi.fn(async () => "t");
    const { scheduler } = harness(save);
    for (let elapsed = 0; elapsed < 1000; elapsed += 100) {
      scheduler.touch();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save, "continuous typing must not postpone the save past the max wait").toHaveBeenCalledTimes(1);
  });

  it("saves edits made during a save right after it", async () => {
    let resolveSave: (v: string) => void = () => {};
    const save = vi.fn(() => new Promise<string>((r) => (resolveSave = r)));
    const { scheduler, last } = harness(save);
    scheduler.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.touch(); // typed while saving
    resolveSave("t1");
    await vi.advanceTimersByTimeAsync(0);
    expect(last().kind, "the later edit is not on disk yet").toBe("dirty");
    await vi.advanceTimersByTimeAsync(400);
    expect(save, "one save at a time, then the pending edits").toHaveBeenCalledTimes(2);
    resolveSave("t2");
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toEqual({ kind: "saved", at: "t2" });
  });

  it("retries a storage failure with backoff and keeps the changes unsaved until it works", async () => {
    let fail = true;
    const save = vi.fn(async () => {
      if (fail) throw { code: "storage", message: "the disk is full" };
      return "t";
    });
    const { scheduler, last } = harness(save);
    scheduler.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(last()).toEqual({ kind: "retrying", reason: "the disk is full", retryInMs: 1000 });
    expect(scheduler.hasUnsavedChanges, "a failed save must not count as saved").toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(last()).toMatchObject({ kind: "retrying", retryInMs: 2000 });
    fail = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(3);
    expect(last()).toEqual({ kind: "saved", at: "t" });
  });

  it("stops on a conflict until the user resolves it", async () => {
    let conflict = true;
    const save = vi.fn(async () => {
      if (conflict) throw { code: "conflict", message: "changed elsewhere" };
      return "t";
    });
    const { scheduler, last } = harness(save);
    scheduler.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(last()).toEqual({ kind: "conflict", reason: "changed elsewhere" });
    scheduler.touch();
    await vi.advanceTimersByTimeAsync(5000);
    expect(save, "a conflict is never retried blindly: it would fail again or overwrite").toHaveBeenCalledTimes(1);
    conflict = false;
    expect(await scheduler.resolveConflict()).toBe(true);
    expect(last()).toEqual({ kind: "saved", at: "t" });
  });

  it("flush saves immediately and reports success", async () => {
    const save = vi.fn(async () => "t");
    const { scheduler } = harness(save);
    scheduler.touch();
    expect(await scheduler.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    expect(await scheduler.flush(), "nothing left to save").toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("does not retry an invalid text by itself", async () => {
    const save = vi.fn(async () => {
      throw { code: "invalid", message: "the body is over 10 MB" };
    });
    const { scheduler, last } = harness(save);
    scheduler.touch();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(last()).toEqual({ kind: "failed", reason: "the body is over 10 MB" });
  });
});

describe("classify", () => {
  it("maps IPC codes to what the editor does", () => {
    expect(classify({ code: "storage" })).toBe("retry");
    expect(classify({ code: "internal" })).toBe("retry");
    expect(classify({ code: "conflict" })).toBe("conflict");
    expect(classify({ code: "invalid" })).toBe("permanent");
    expect(classify(new Error("network"))).toBe("retry");
  });
});
