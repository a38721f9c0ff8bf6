// "Being edited by" (issue 11): while an article is open for editing here, this account
// holds the site's post lock (WordPress's own `_edit_lock`, so WordPress's editor sees it
// too) and refreshes it on a timer; closing the article releases it, and a lock nobody
// refreshes (a crashed app) expires on the site by itself. When a colleague holds the lock,
// the banner says «Имя редактирует с 10:32» and offers WordPress's choice: open read-only, or
// take over; it keeps asking, so once the colleague lets the lock go the article may be edited
// here again. The rules (which site, which post, what the answers mean) are the sync crate's
// (`newsroom_sync::desk::lock`); this module only keeps the timer and the banner.
import type { EditingLock } from "../../lib/bindings/EditingLock";
import { h } from "../../lib/dom";
import { formatDateTime, onLocaleChange, t } from "../../lib/i18n";
import { closeLock, openLock } from "../../lib/ipc/desk";
import { onSyncRound } from "../../lib/ipc/sync";
import { toast } from "../../lib/toast";

/** Whether someone else holds the lock changed: the editor goes read-only or back. */
export type BlockedChanged = (blocked: boolean) => void;

export class SiteLock {
  readonly el: HTMLElement;
  private readonly text = h("p", { class: "lock-who", testid: "lock-who" });
  private readonly hint = h("p", { class: "hint", testid: "lock-hint" });
  private readonly actions: HTMLElement;
  private readonly readOnlyButton: HTMLButtonElement;
  /** The article whose lock this window holds or asked for. */
  private articleId: string | null = null;
  private answer: EditingLock | null = null;
  /** The lock was taken from this window while it held it (not found held on opening). */
  private takenFrom = false;
  /** The user chose to read: the choice goes, the line and "take over" stay. */
  private readingOnly = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  constructor(private readonly blockedChanged: BlockedChanged) {
    this.readOnlyButton = h("button", { class: "button", testid: "lock-read-only", text: "desk.openReadOnly", on: { click: () => this.readOnly() } });
    this.actions = h(
      "div",
      { class: "lock-actions" },
      this.readOnlyButton,
      h("button", { class: "button button-primary", testid: "lock-take-over", text: "desk.takeOver", on: { click: () => void this.takeOver() } }),
    );
    this.el = h("div", { class: "lock-banner", testid: "lock-banner", attrs: { role: "status" } }, this.text, this.hint, this.actions);
    this.el.hidden = true;
    onLocaleChange(() => this.render());
    // An article opened before it was on the site (a new draft) gets its lock once a round
    // has sent it; for a site without the plugin this is one local read.
    void onSyncRound(() => {
      if (this.articleId !== null && this.answer?.status === "not_shared") void this.ask(false);
    });
  }

  /** A colleague holds the lock and this window has not taken it over. */
  get blocked(): boolean {
    return this.answer?.status === "held_by_other";
  }

  /** The holder's name, for the editor's read-only line. */
  get holder(): string {
    return this.answer?.lock?.user_name || t("desk.someone");
  }

  /** Keeps the lock of `articleId` while it may be edited here; lets it go otherwise. */
  follow(articleId: string | null, editable: boolean): void {
    if (articleId !== null && editable) {
      if (articleId !== this.articleId) void this.open(articleId);
    } else if (this.articleId !== null) {
      void this.close();
    }
  }

  /** Another article is being opened: what this window knew of the last one no longer
   * applies (its lock is released; the new one's is asked for once it may be edited). */
  leaveUnless(articleId: string): void {
    if (this.articleId !== null && this.articleId !== articleId) void this.close();
  }

  /** Releases the lock of the article this window holds (closing it, or the window). */
  async close(): Promise<void> {
    const id = this.articleId;
    const held = this.answer?.status === "held";
    this.reset(null);
    if (id && held) {
      // A release that does not arrive is harmless: the lock expires within the site's window.
      await closeLock(id).catch(() => undefined);
    }
  }

  private async open(articleId: string): Promise<void> {
    const previous = this.articleId;
    const held = this.answer?.status === "held";
    this.reset(articleId);
    if (previous && held) void closeLock(previous).catch(() => undefined);
    await this.ask(false);
  }

  private reset(articleId: string | null): void {
    const wasBlocked = this.blocked;
    this.stopTimer();
    this.seq += 1;
    this.articleId = articleId;
    this.answer = null;
    this.takenFrom = false;
    this.readingOnly = false;
    this.render();
    if (wasBlocked) this.blockedChanged(false);
  }

  /** Takes or refreshes the lock (or with `takeOver`, takes it from its holder). */
  private async ask(takeOver: boolean): Promise<void> {
    const id = this.articleId;
    if (!id) return;
    const seq = ++this.seq;
    let answer: EditingLock;
    try {
      answer = await openLock(id, takeOver);
    } catch (error) {
      // A local failure (the database): the article stays editable, as without a site.
      if (seq === this.seq) toast(t("error.generic", { reason: (error as Error).message }), "error");
      return;
    }
    if (seq !== this.seq || id !== this.articleId) return;
    const before = this.answer;
    const wasBlocked = this.blocked;
    this.answer = answer;
    // Held by us a moment ago, someone else's now: they took over.
    if (before?.status === "held" && answer.status === "held_by_other") this.takenFrom = true;
    if (answer.status !== "held_by_other") this.readingOnly = false;
    this.render();
    if (wasBlocked !== this.blocked) this.blockedChanged(this.blocked);
    // The colleague closed the article (or their lock ran out): asking took it for this
    // window, and the article may be edited here again.
    if (before?.status === "held_by_other" && answer.status === "held" && !takeOver) {
      toast(t("desk.lockFreed", { name: before.lock?.user_name || t("desk.someone") }));
    }
    // Held: refresh within the site's window. Unreachable: ask again as often. Someone
    // else's: ask as often too, which never takes it from them (only "take over" does) but
    // notices when they let it go, so a window opened read-only does not stay so for good.
    if (answer.status === "held" || answer.status === "unreachable" || answer.status === "held_by_other") {
      this.stopTimer();
      this.timer = setTimeout(() => void this.ask(false), Math.max(5, answer.refresh_secs) * 1000);
    }
  }

  private readOnly(): void {
    this.readingOnly = true;
    this.render();
  }

  private async takeOver(): Promise<void> {
    this.takenFrom = false;
    await this.ask(true);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private render(): void {
    const lock = this.answer?.lock;
    const shown = this.blocked && lock !== null && lock !== undefined;
    this.el.hidden = !shown;
    this.el.dataset.state = this.answer?.status ?? "";
    if (!shown) return;
    const time = lock.since ? formatDateTime(lock.since) : "";
    const name = this.holder;
    this.text.textContent = this.takenFrom ? t("desk.tookOver", { name, time }) : t("desk.lockedBy", { name, time });
    this.hint.textContent = t("desk.lockedHint", { name });
    this.hint.hidden = this.readingOnly;
    this.readOnlyButton.hidden = this.readingOnly;
    this.el.classList.toggle("is-reading", this.readingOnly);
  }
}
