// Tags: autocomplete, an article's tags, the catalogue and cloud, rename/merge/undo.
import { call } from "./core";
import type { TagListQuery } from "../bindings/TagListQuery";

export const autocompleteTags = (input: string, limit = 10) => call("autocomplete_tags", { input, limit });

export const checkTagName = (name: string) => call("check_tag_name", { name });

export const createTag = (name: string, isFlag = false) => call("create_tag", { name, isFlag });

export const articleTags = (articleId: string) => call("article_tags", { articleId });

export const setArticleTags = (articleId: string, names: string[]) =>
  call("set_article_tags", { articleId, names });

export const listTags = (query: Partial<TagListQuery> = {}) => call("list_tags", { query });

export const tagCloud = (limit = 50) => call("tag_cloud", { limit });

export const setTagFlag = (id: number, isFlag: boolean) => call("set_tag_flag", { id, isFlag });

export const renameTag = (id: number, name: string) => call("rename_tag", { id, name });

export const mergeTags = (sources: number[], target: number) => call("merge_tags", { sources, target });

export const undoTagOperation = (id: number) => call("undo_tag_operation", { id });

export const tagOperations = (limit = 50) => call("tag_operations", { limit });
