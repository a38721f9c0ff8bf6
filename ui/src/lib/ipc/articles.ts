import { call } from "./core";
import type { Article } from "../bindings/Article";
import type { ArticleDraft } from "../bindings/ArticleDraft";
import type { ArticlePage } from "../bindings/ArticlePage";
import type { ListQuery } from "../bindings/ListQuery";
import type { SaveOutcome } from "../bindings/SaveOutcome";
import type { WordTarget } from "../bindings/WordTarget";

export const listArticles = (query: ListQuery) => call<ArticlePage>("list_articles", { query });

export const createArticle = (draft?: ArticleDraft) =>
  call<Article>("create_article", { draft: draft ?? null });

export const getArticle = (id: string) => call<Article>("get_article", { id });

/** Autosave; fails with code "conflict" if the article changed since `expectedVersion`. */
export const saveDraft = (id: string, draft: ArticleDraft, expectedVersion: number) =>
  call<SaveOutcome>("save_draft", { id, draft, expectedVersion });

/** An explicit save (Ctrl+S): always its own revision. */
export const saveRevision = (id: string, draft: ArticleDraft, expectedVersion: number) =>
  call<SaveOutcome>("save_revision", { id, draft, expectedVersion });

export const trashArticle = (id: string) => call<Article>("trash_article", { id });

export const restoreArticle = (id: string) => call<Article>("restore_article", { id });

/** The article's word-count target (issue 15), or null. */
export const getWordTarget = (id: string) => call<WordTarget | null>("get_word_target", { id });

/** Sets the word-count target; null clears it. */
export const setWordTarget = (id: string, target: WordTarget | null) =>
  call<WordTarget | null>("set_word_target", { id, target });
