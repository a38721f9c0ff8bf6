// Tags: autocomplete, an article's tags, the catalogue and cloud, rename/merge/undo.
import { call } from "./core";
import type { ArticleTags } from "../bindings/ArticleTags";
import type { NameCheck } from "../bindings/NameCheck";
import type { Tag } from "../bindings/Tag";
import type { TagListQuery } from "../bindings/TagListQuery";
import type { TagOperation } from "../bindings/TagOperation";

export const autocompleteTags = (input: string, limit = 10) => call<Tag[]>("autocomplete_tags", { input, limit });

export const checkTagName = (name: string) => call<NameCheck>("check_tag_name", { name });

export const createTag = (name: string, isFlag = false) => call<Tag>("create_tag", { name, isFlag });

export const articleTags = (articleId: string) => call<Tag[]>("article_tags", { articleId });

export const setArticleTags = (articleId: string, names: string[]) =>
  call<ArticleTags>("set_article_tags", { articleId, names });

export const listTags = (query: Partial<TagListQuery> = {}) => call<Tag[]>("list_tags", { query });

export const tagCloud = (limit = 50) => call<Tag[]>("tag_cloud", { limit });

export const setTagFlag = (id: number, isFlag: boolean) => call<Tag>("set_tag_flag", { id, isFlag });

export const renameTag = (id: number, name: string) => call<Tag>("rename_tag", { id, name });

export const mergeTags = (sources: number[], target: number) => call<Tag>("merge_tags", { sources, target });

export const undoTagOperation = (id: number) => call<void>("undo_tag_operation", { id });

export const tagOperations = (limit = 50) => call<TagOperation[]>("tag_operations", { limit });
