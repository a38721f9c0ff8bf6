// The open article: its last saved state, the version for the optimistic check, and a
// queue that runs every write (autosave, explicit save, restore…) one after another so
// each starts from the version the previous one produced.
import type { Article } from "../../lib/bindings/Article";
import type { ArticleDraft } from "../../lib/bindings/ArticleDraft";
import type { SaveOutcome } from "../../lib/bindings/SaveOutcome";
import { getArticle } from "../../lib/ipc/articles";

export class ArticleSession {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private current: Article) {}

  get article(): Article {
    return this.current;
  }

  get id(): string {
    return this.current.id;
  }

  /** Runs `op` after every earlier write, with the article as that write left it. */
  write<T>(op: (article: Article) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => op(this.current));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Records what a save of `draft` produced. */
  applySave(draft: ArticleDraft, outcome: SaveOutcome): Article {
    this.current = {
      ...this.current,
      ...draft,
      version: outcome.version,
      updated_at: outcome.updated_at,
      word_count: outcome.stats.words,
    };
    return this.current;
  }

  replace(article: Article): void {
    this.current = article;
  }

  /** After a conflict: take the stored version number so the author's text can be saved
   * over it (the other text stays in the revision history). */
  async adoptLatestVersion(): Promise<void> {
    await this.write(async () => {
      const latest = await getArticle(this.current.id);
      this.current = { ...this.current, version: latest.version, status: latest.status };
    });
  }
}
