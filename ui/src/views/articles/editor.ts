// The article editor: headline, dek, byline, slug and the Markdown body, autosaved while
// typing. The text in the editor is never replaced by a failed save. When the core says
// the current profile may not edit the article (its state, its owner, the trash), the
// editor is read-only with the reason on one line, and autosave never tries to save it.
// While it may be edited here, the site's post lock is held (`SiteLock`); a colleague's
// lock makes it read-only too, unless the user takes over.
import { AutosaveScheduler } from "../../lib/autosave";
import type { Article } from "../../lib/bindings/Article";
import type { ArticleDraft } from "../../lib/bindings/ArticleDraft";
import type { DraftSaved } from "../../lib/bindings/DraftSaved";
import type { PreviewRequest } from "../../lib/bindings/PreviewRequest";
import type { EditRights } from "../../lib/bindings/EditRights";
import { debounce, h } from "../../lib/dom";
import { onLocaleChange, say, t, type MessageKey } from "../../lib/i18n";
import { getWordTarget, saveDraft, saveRevision, trashArticle } from "../../lib/ipc/articles";
import { IpcError } from "../../lib/ipc/core";
import { textStats } from "../../lib/ipc/documents";
import { editRights } from "../../lib/ipc/workflow";
import { toast } from "../../lib/toast";
import type { EditorView } from "@codemirror/view";
import type { MatchSpan } from "../../lib/bindings/MatchSpan";
import { htmlToMarkdown } from "../../lib/ipc/text";
import { createMarkdownEditor, eventTime, type MarkdownEditor } from "../../editor/markdown-editor";
import { firstPaint } from "../../shell/first-paint";
import { imageInput, paragraphAround } from "../../editor/image-input";
import { pasteHtmlAsMarkdown } from "../../editor/paste-html";
import { revealRange } from "../../editor/reveal";
import { spellMarks } from "../../editor/spell-marks";
import { emit, on } from "../../shell/bus";
import { insertImage, pickAndInsertImage } from "../../lib/ipc/media";
import type { InsertedImage } from "../../lib/bindings/InsertedImage";
import { statusLabel } from "./list";
import { SaveStatus } from "./save-status";
import { ArticleSession } from "./session";
import { SiteLock } from "./site-lock";
import { SpellController } from "./spell";
import { StatsBar } from "./stats-bar";

export interface EditorEvents {
  /** The article was saved, trashed or replaced; its new state. */
  changed(article: Article): void;
  /** An article was opened or closed. */
  opened(article: Article | null): void;
  /** A field was edited (debounced for previews). */
  edited(): void;
  /** The stored article changed under the editor (restore, workflow action…). */
  replaced(article: Article): void;
  saved(article: Article): void;
  /** An autosave's counts and, if requested, its preview (see requestPreview). */
  autosaved(result: DraftSaved): void;
}

const EDITED_DEBOUNCE_MS = 250;

export class ArticleEditor {
  readonly el: HTMLElement;
  private readonly doc: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly headline: HTMLTextAreaElement;
  private readonly dek: HTMLTextAreaElement;
  private readonly byline: HTMLInputElement;
  private readonly slug: HTMLInputElement;
  private readonly body: MarkdownEditor;
  private readonly saveButton: HTMLButtonElement;
  /** Trashing follows the same rule as editing (the core refuses it otherwise). */
  private readonly trashButton: HTMLButtonElement;
  /** Opens the native file picker for an image. */
  private readonly imageButton: HTMLButtonElement;
  /** The one-line reason shown while the article is read-only. */
  private readonly lockNote: HTMLElement;
  /** The site's post lock ("being edited by") and its banner. */
  private readonly siteLock: SiteLock;
  private readonly status: SaveStatus;
  private readonly stats = new StatsBar();
  private readonly spell: SpellController;
  private session: ArticleSession | null = null;
  private scheduler: AutosaveScheduler | null = null;
  private readonly notifyEdited = debounce(() => this.events.edited(), EDITED_DEBOUNCE_MS);
  private statsSeq = 0;
  /** What autosaves render for the preview with the save (set by the preview tab). */
  private preview: PreviewRequest | null = null;
  /** The core's answer for the open article and current profile; null until it arrives. */
  private rights: EditRights | null = null;
  /** Settles when the latest question about the rights has been answered. */
  private rightsKnown: Promise<void> = Promise.resolve();
  private rightsSeq = 0;

  constructor(private readonly events: EditorEvents) {
    const onEdit = (event?: Event) => this.edited(event ? eventTime(event) : undefined);
    // A headline is one paragraph, but a long one must be seen whole: a textarea that grows
    // with its text, where Enter does not break the line and pasted line breaks become spaces.
    this.headline = h("textarea", {
      class: "field-headline",
      testid: "headline",
      placeholder: "editor.headline",
      attrs: { rows: "1", autocomplete: "off" },
      on: {
        input: (event) => {
          if (/[\r\n]/.test(this.headline.value)) this.headline.value = this.headline.value.replace(/\s*[\r\n]+\s*/g, " ");
          growToFit(this.headline);
          onEdit(event);
        },
        keydown: (event) => {
          if (event.key === "Enter") event.preventDefault();
        },
      },
    });
    this.dek = h("textarea", { class: "field-dek", testid: "dek", placeholder: "editor.dek", attrs: { rows: "2" }, on: { input: onEdit } });
    this.byline = h("input", { testid: "byline", placeholder: "editor.byline", attrs: { type: "text" }, on: { input: onEdit } });
    this.slug = h("input", { testid: "slug", placeholder: "editor.slug", attrs: { type: "text", spellcheck: "false" }, on: { input: onEdit } });
    const bodyHost = h("div", { class: "editor-body", testid: "body" });
    this.body = createMarkdownEditor({
      parent: bodyHost,
      onChange: (at) => this.edited(at),
      // Image files first: a pasted screenshot may carry HTML too, and is a picture.
      extensions: [spellMarks(), imageInput((files, at) => void this.insertImages(files, at)), pasteHtmlAsMarkdown(htmlToMarkdown)],
    });
    this.spell = new SpellController(this.body.view, this.headline);
    this.status = new SaveStatus({
      retryNow: () => void this.scheduler?.retryNow(),
      keepMine: () => void this.keepMine(),
    });
    const fields = h(
      "header",
      { class: "editor-fields" },
      this.spell.headlineBox,
      this.dek,
      h(
        "div",
        { class: "field-row" },
        h("label", { class: "field" }, h("span", { class: "field-label", text: "editor.byline" }), this.byline),
        h("label", { class: "field" }, h("span", { class: "field-label", text: "editor.slug" }), this.slug),
      ),
    );
    this.saveButton = h("button", { class: "button", testid: "save-revision", text: "editor.saveRevision", title: "editor.saveRevision", on: { click: () => void this.saveRevision() } });
    this.trashButton = h("button", { class: "button button-danger", testid: "trash-article", text: "editor.trash", on: { click: () => void this.trash() } });
    this.imageButton = h("button", { class: "button", testid: "insert-image", text: "media.insert", title: "media.insertHint", on: { click: () => void this.pickImage() } });
    this.lockNote = h("p", { class: "editor-readonly", testid: "editor-readonly", attrs: { role: "status" } });
    this.lockNote.hidden = true;
    this.siteLock = new SiteLock(() => this.renderLock());
    const footer = h(
      "footer",
      { class: "editor-footer" },
      this.status.el,
      this.stats.el,
      this.spell.el,
      h("div", { class: "footer-actions" },
        this.imageButton,
        this.saveButton,
        this.trashButton,
      ),
    );
    this.doc = h("div", { class: "editor-doc" }, this.siteLock.el, this.lockNote, fields, bodyHost, footer);
    this.doc.hidden = true;
    this.empty = h("div", { class: "editor-empty", testid: "editor-empty", text: "editor.none" });
    this.el = h("div", { class: "editor-pane", testid: "editor" }, this.empty, this.doc);

    // Ask again whenever the answer may have changed: the open article's state or trash
    // flag changed elsewhere (a workflow action, the scheduler, a sync pull), or the lists
    // reload, which is also what a profile switch announces.
    on("article-changed", (article) => {
      const rights = this.rights;
      if (this.session?.id !== article.id) return;
      if (rights && rights.status === article.status && rights.trashed === (article.trashed_at !== null)) return;
      void this.refreshRights();
    });
    on("articles-reload", () => void this.refreshRights());
    on("word-target-changed", ({ id, target }) => {
      if (this.session?.id === id) this.stats.setTarget(target);
    });
    onLocaleChange(() => this.renderLock());
  }

  /** True when the core said the current profile may not edit the open article, or a
   * colleague holds the site's lock on it. */
  get readOnly(): boolean {
    return this.deniedByRights || this.siteLock.blocked;
  }

  private get deniedByRights(): boolean {
    return this.rights !== null && !this.rights.editable;
  }

  /** Releases the site's lock of the open article (the window is closing). */
  releaseLock(): Promise<void> {
    return this.siteLock.close();
  }

  get article(): Article | null {
    return this.session?.article ?? null;
  }

  draft(): ArticleDraft | null {
    if (!this.session) return null;
    return {
      headline: this.headline.value,
      dek: this.dek.value,
      byline: this.byline.value,
      slug: this.slug.value,
      body: this.body.text(),
    };
  }

  /** The body's CodeMirror view (editor features work on it, see ui/src/editor/). */
  get bodyView(): EditorView {
    return this.body.view;
  }

  /** Selects a search match: the first in the body (where the reader wants to go), else
   * the first one; scrolls to it and focuses its field. Offsets are UTF-16 units. */
  reveal(matches: readonly MatchSpan[]): boolean {
    const span = matches.find((m) => m.field === "body") ?? matches[0];
    if (!span || !this.session) return false;
    if (span.field === "body") {
      revealRange(this.body.view, span.start, span.end);
      return true;
    }
    const input = span.field === "headline" ? this.headline : span.field === "dek" ? this.dek : null;
    if (!input) return false;
    input.focus();
    input.setSelectionRange(span.start, span.end);
    return true;
  }

  /** Asks autosaves to bring the body's preview with them (null: no preview). */
  requestPreview(request: PreviewRequest | null): void {
    this.preview = request;
  }

  /** Saves what is pending; false if it could not be saved (the text stays here). */
  async flush(): Promise<boolean> {
    return this.scheduler ? this.scheduler.flush() : true;
  }

  /** Opens an article, after saving the one that is open. */
  async open(article: Article): Promise<boolean> {
    if (!(await this.flush())) {
      toast(t("save.failedPermanent", { reason: this.unsavedReason() }), "error");
      return false;
    }
    this.scheduler?.dispose();
    this.session = new ArticleSession(article);
    this.scheduler = new AutosaveScheduler(
      () => this.saveNow(),
      (state) => this.status.set(state),
    );
    this.rights = null;
    this.siteLock.leaveUnless(article.id);
    this.renderLock();
    this.fill(article);
    void this.refreshRights();
    void this.loadTarget(article.id);
    this.status.set({ kind: "saved", at: article.updated_at });
    this.empty.hidden = true;
    this.doc.hidden = false;
    this.doc.classList.toggle("is-trashed", article.trashed_at !== null);
    void this.updateStats();
    this.events.opened(article);
    return true;
  }

  close(): void {
    this.scheduler?.dispose();
    this.scheduler = null;
    this.session = null;
    this.rights = null;
    this.rightsSeq += 1; // an answer still on its way is for an article no longer open
    this.siteLock.follow(null, false);
    this.renderLock();
    this.doc.hidden = true;
    this.empty.hidden = false;
    this.events.opened(null);
  }

  /** Runs a store write in order with autosaves (see ArticleSession.write). */
  async write<T>(op: (article: Article) => Promise<T>): Promise<T> {
    if (!this.session) throw new Error("no article is open");
    await this.flush();
    return this.session.write(op);
  }

  /** Shows an article the store changed (a restore, a workflow action). */
  replaceArticle(article: Article): void {
    if (!this.session || this.session.id !== article.id) return;
    this.session.replace(article);
    this.fill(article);
    void this.refreshRights();
    this.status.set({ kind: "saved", at: article.updated_at });
    void this.updateStats();
    this.events.replaced(article);
    this.events.changed(article);
  }

  /** Stores pasted or dropped images and puts their Markdown at `at`, each its own paragraph. */
  private async insertImages(files: File[], at: number): Promise<void> {
    const id = this.session?.id;
    if (!id || this.readOnly) return;
    let pos = at;
    for (const file of files) {
      try {
        const inserted = await insertImage(id, file);
        if (this.session?.id !== id) return;
        pos = this.placeImage(inserted, pos);
      } catch (error) {
        toast(t("media.failed", { reason: (error as Error).message }), "error");
      }
    }
  }

  private async pickImage(): Promise<void> {
    const id = this.session?.id;
    if (!id || this.readOnly) return;
    try {
      const inserted = await pickAndInsertImage(id);
      if (inserted && this.session?.id === id) this.placeImage(inserted, this.body.view.state.selection.main.head);
    } catch (error) {
      toast(t("media.failed", { reason: (error as Error).message }), "error");
    }
  }

  /** Inserts an image's Markdown as a user edit (autosaved, undoable); returns the position after it. */
  private placeImage(inserted: InsertedImage, at: number): number {
    const view = this.body.view;
    const pos = Math.min(at, view.state.doc.length);
    const text = paragraphAround(view.state.doc.toString(), pos, inserted.markdown);
    view.dispatch({ changes: { from: pos, insert: text }, selection: { anchor: pos + text.length }, userEvent: "input.paste" });
    for (const notice of inserted.notices) toast(say(notice), "info");
    const id = this.session?.id;
    if (id) emit("images-changed", { id });
    return pos + text.length;
  }

  focusHeadline(): void {
    this.headline.focus();
  }

  focusBody(): void {
    this.body.focus();
  }

  async saveRevision(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await this.rightsKnown;
    if (this.readOnly) {
      toast(this.lockText(), "error");
      return;
    }
    try {
      const article = await this.write(async (current) => {
        const draft = this.draft();
        if (!draft) return current;
        const outcome = await saveRevision(current.id, draft, current.version);
        return session.applySave(draft, outcome);
      });
      this.status.set({ kind: "saved", at: article.updated_at });
      this.events.saved(article);
      this.events.changed(article);
      toast(t("save.revisionSaved"));
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
  }

  async trash(): Promise<void> {
    if (!this.session) return;
    try {
      const article = await this.write((current) => trashArticle(current.id));
      this.close();
      this.events.changed(article);
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
  }

  /** `at`: when the user made the edit (`Date.now()`'s clock), if known. */
  private edited(at?: number): void {
    // Read-only fields do not fire edits; this guard keeps autosave out if one slips by.
    if (this.readOnly) return;
    // The counts and the preview come back with the autosave's answer (`DraftSaved`): a pause
    // in typing crosses to Rust once, for the save.
    this.scheduler?.touch(at);
    this.spell.scheduleCheck();
    this.notifyEdited();
  }

  /** The autosave: the editor's text at this moment, in order with other writes. */
  private async saveNow(): Promise<string> {
    const session = this.session;
    if (!session) throw new Error("no article is open");
    // Typing may start before the answer about the rights arrives; the save waits for it.
    await this.rightsKnown;
    if (this.readOnly) {
      // Never sent to the core: the autosave shows this as a save that cannot succeed, and
      // the text stays in the editor (it can only be here if typed before the lock).
      throw new IpcError("forbidden", this.rights?.reason ?? this.lockText());
    }
    const article = await session.write(async (current) => {
      const draft = this.draft();
      if (!draft) return current;
      const result = await saveDraft(current.id, draft, current.version, this.preview);
      this.stats.set(result.saved.stats);
      if (this.session === session) this.events.autosaved(result);
      return session.applySave(draft, result.saved);
    });
    this.events.saved(article);
    this.events.changed(article);
    return article.updated_at;
  }

  private async keepMine(): Promise<void> {
    if (!this.session || !this.scheduler) return;
    try {
      await this.session.adoptLatestVersion();
      await this.scheduler.resolveConflict();
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
  }

  /** Asks the core whether the current profile may edit the open article, and applies it. */
  private refreshRights(): Promise<void> {
    const session = this.session;
    if (!session) return Promise.resolve();
    const seq = ++this.rightsSeq;
    const asked = (async () => {
      try {
        const rights = await editRights(session.id);
        if (seq !== this.rightsSeq || this.session !== session) return;
        this.rights = rights;
        // The site's lock goes with the right to edit: held while editable here, let go
        // when the article moves out of reach (submitted, trashed).
        this.siteLock.follow(session.id, rights.editable);
      } catch (error) {
        if (seq !== this.rightsSeq || this.session !== session) return;
        // Unknown rights leave the editor open; the core still refuses a forbidden save.
        this.rights = null;
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
      this.renderLock();
    })();
    this.rightsKnown = asked;
    return asked;
  }

  private renderLock(): void {
    const locked = this.readOnly;
    for (const field of [this.headline, this.dek, this.byline, this.slug]) field.readOnly = locked;
    this.body.setReadOnly(locked);
    this.imageButton.disabled = locked;
    this.saveButton.disabled = locked;
    this.trashButton.disabled = locked;
    this.doc.classList.toggle("is-readonly", locked);
    // A colleague's lock has its own banner (who, since when, take over): the line would
    // only repeat it.
    this.lockNote.hidden = !locked || (!this.deniedByRights && this.siteLock.blocked);
    const reason = locked ? this.lockText() : "";
    this.lockNote.textContent = reason;
    this.lockNote.title = reason; // the line may be cut short in a narrow window
    this.lockNote.dataset.lock = (locked && (this.deniedByRights ? this.rights?.lock : "site_lock")) || "";
  }

  /** The reason in the interface language; the core's sentence if the lock is new to us. */
  private lockText(): string {
    const rights = this.rights;
    if (!this.deniedByRights && this.siteLock.blocked) return t("desk.readOnlyLocked", { name: this.siteLock.holder });
    if (!rights?.lock) return rights?.reason ?? "";
    const key = `editor.readOnly.${rights.lock}` as MessageKey;
    const text = t(key, { state: statusLabel(rights.status) });
    return text === key ? (rights.reason ?? "") : text;
  }

  private fill(article: Article): void {
    this.headline.value = article.headline;
    // After the field is laid out (a hidden editor has no height to measure yet).
    requestAnimationFrame(() => growToFit(this.headline));
    this.dek.value = article.dek;
    this.byline.value = article.byline;
    this.slug.value = article.slug;
    this.body.setText(article.body);
    // Not before the first paint: at start-up the check (the dictionary's loading with it)
    // took the CPU the list and the reopened article were waiting for.
    void firstPaint.then(() => this.spell.checkAll());
  }

  private async loadTarget(id: string): Promise<void> {
    this.stats.setTarget(null);
    try {
      const target = await getWordTarget(id);
      if (this.session?.id === id) this.stats.setTarget(target);
    } catch {
      // The target is informational; the stats bar simply shows none.
    }
  }

  private async updateStats(): Promise<void> {
    const seq = ++this.statsSeq;
    const draft = this.draft();
    if (!draft) return;
    try {
      const stats = await textStats(draft.body);
      if (seq === this.statsSeq) this.stats.set(stats);
    } catch {
      // Counts are informational; the next edit asks again.
    }
  }

  private unsavedReason(): string {
    const state = this.scheduler?.state;
    return state && "reason" in state ? state.reason : t("save.dirty");
  }
}

/** Sets a textarea's height to its content's, so it never scrolls or cuts text off. */
function growToFit(field: HTMLTextAreaElement): void {
  field.style.height = "auto";
  field.style.height = `${field.scrollHeight + field.offsetHeight - field.clientHeight}px`;
}
