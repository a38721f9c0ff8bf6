// When to save while the author types, and what to do when a save fails.
//
// A save starts 400 ms after the last keystroke (counted from the key itself, not from when
// the editor got round to reporting the change), but never later than 1 s after the first
// unsaved one, so at most about a second of typing is ever at risk. One save runs at a
// time; edits made meanwhile are saved right after. A failed save never touches the text
// (it stays in the editor): disk errors are retried with backoff, a conflict or an invalid
// text waits for the user. Pure logic over injectable timers, so it is unit-tested.

export type SaveState =
  | { kind: "saved"; at: string | null }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "retrying"; reason: string; retryInMs: number }
  | { kind: "failed"; reason: string }
  | { kind: "conflict"; reason: string };

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface AutosaveOptions {
  debounceMs: number;
  maxWaitMs: number;
  /** Delays between retries of a failed save; the last one repeats. */
  retryDelaysMs: number[];
}

export const DEFAULT_OPTIONS: AutosaveOptions = {
  debounceMs: 400,
  maxWaitMs: 1000,
  retryDelaysMs: [1000, 2000, 5000, 10000, 30000],
};

/** What kind of failure a save error is, from its IPC code. */
export function classify(error: unknown): "retry" | "conflict" | "permanent" {
  const code = (error as { code?: string } | null)?.code;
  if (code === "conflict") return "conflict";
  if (code === "invalid" || code === "forbidden" || code === "not_found") return "permanent";
  // storage, internal, and anything unexpected: the disk or the app may recover.
  return "retry";
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class AutosaveScheduler {
  private editSeq = 0;
  private savedSeq = 0;
  private firstUnsavedAt: number | null = null;
  private lastEditAt = 0;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private current: SaveState = { kind: "saved", at: null };
  private disposed = false;

  constructor(
    /** Saves the editor's current text; resolves with the saved time, rejects with an IpcError. */
    private readonly save: () => Promise<string>,
    private readonly onState: (state: SaveState) => void,
    private readonly options: AutosaveOptions = DEFAULT_OPTIONS,
    private readonly timers: Timers = realTimers,
  ) {}

  get state(): SaveState {
    return this.current;
  }

  get hasUnsavedChanges(): boolean {
    return this.editSeq !== this.savedSeq;
  }

  /** Call on every edit; `at` is when the user made it (the input event's time, on the
   * timers' clock), when known. */
  touch(at?: number): void {
    if (this.disposed) return;
    const now = this.timers.now();
    // Never in the future, and a time from before the last pause is not this edit's.
    const editedAt = at === undefined || at > now || at < now - this.options.debounceMs ? now : at;
    this.editSeq += 1;
    this.lastEditAt = editedAt;
    this.firstUnsavedAt ??= editedAt;
    if (this.current.kind === "conflict") return; // waits for the user's decision
    if (!this.inFlight) this.setState({ kind: "dirty" });
    this.schedule();
  }

  /** Saves now if anything is unsaved; resolves true when everything is on disk. */
  async flush(): Promise<boolean> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight;
    if (this.hasUnsavedChanges && this.current.kind !== "conflict") await this.run();
    return !this.hasUnsavedChanges;
  }

  /** After the user resolved a conflict (e.g. chose to keep their text): save at once. */
  resolveConflict(): Promise<boolean> {
    this.failures = 0;
    this.setState({ kind: "dirty" });
    return this.flush();
  }

  retryNow(): Promise<boolean> {
    this.failures = 0;
    return this.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private schedule(): void {
    if (this.inFlight || this.disposed) return; // run() reschedules when it finishes
    const now = this.timers.now();
    const first = this.firstUnsavedAt ?? now;
    const due = Math.min(this.lastEditAt + this.options.debounceMs, first + this.options.maxWaitMs);
    this.setTimer(Math.max(0, due - now));
  }

  private setTimer(ms: number): void {
    this.clearTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.hasUnsavedChanges || this.disposed) return Promise.resolve();
    const seq = this.editSeq;
    this.setState({ kind: "saving" });
    this.inFlight = this.save().then(
      (at) => this.succeeded(seq, at),
      (error: unknown) => this.failed(error),
    );
    return this.inFlight;
  }

  private succeeded(seq: number, at: string): void {
    this.inFlight = null;
    this.failures = 0;
    this.savedSeq = seq;
    if (this.hasUnsavedChanges) {
      // Typed while saving: those edits are at risk from now on.
      this.firstUnsavedAt = this.timers.now();
      this.setState({ kind: "dirty" });
      this.schedule();
    } else {
      this.firstUnsavedAt = null;
      this.setState({ kind: "saved", at });
    }
  }

  private failed(error: unknown): void {
    this.inFlight = null;
    if (this.disposed) return;
    const reason = messageOf(error);
    switch (classify(error)) {
      case "conflict":
        this.setState({ kind: "conflict", reason });
        return;
      case "permanent":
        // Retrying the same text would fail the same way; the next edit tries again.
        this.setState({ kind: "failed", reason });
        return;
      case "retry": {
        const delays = this.options.retryDelaysMs;
        const delay = delays[Math.min(this.failures, delays.length - 1)];
        this.failures += 1;
        this.setState({ kind: "retrying", reason, retryInMs: delay });
        this.setTimer(delay);
      }
    }
  }

  private setState(state: SaveState): void {
    this.current = state;
    this.onState(state);
  }
}
