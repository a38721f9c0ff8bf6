import { call } from "./core";
import type { ArticleDraft } from "../bindings/ArticleDraft";
import type { ListQuery } from "../bindings/ListQuery";
import type { PreviewRequest } from "../bindings/PreviewRequest";
import type { WordTarget } from "../bindings/WordTarget";

export const listArticles = (query: ListQuery) => call("list_articles", { query });

export const createArticle = (draft?: ArticleDraft) =>
  call("create_article", { draft: draft ?? null });

export const getArticle = (id: string) => call("get_article", { id });

/** Autosave; fails with code "conflict" if the article changed since `expectedVersion`.
 * Answers with the counts and, when `preview` asks, the rendered preview: one round trip. */
export const saveDraft = (id: string, draft: ArticleDraft, expectedVersion: number, preview: PreviewRequest | null = null) =>
  call("save_draft", { id, draft, expectedVersion, preview });

/** An explicit save (Ctrl+S): always its own revision. */
export const saveRevision = (id: string, draft: ArticleDraft, expectedVersion: number) =>
  call("save_revision", { id, draft, expectedVersion });

export const trashArticle = (id: string) => call("trash_article", { id });

export const restoreArticle = (id: string) => call("restore_article", { id });

/** The article's word-count target (issue 15), or null. */
export const getWordTarget = (id: string) => call("get_word_target", { id });

/** Sets the word-count target; null clears it. */
export const setWordTarget = (id: string, target: WordTarget | null) =>
  call("set_word_target", { id, target });
