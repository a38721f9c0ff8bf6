// Workflow: profiles, actions, history, notes, assignment, views with counts, checklist.
// Every call acts as the current profile; the core decides what it may do.
import { call } from "./core";
import type { Action } from "../bindings/Action";
import type { ArticleFilter } from "../bindings/ArticleFilter";
import type { Checklist } from "../bindings/Checklist";
import type { Role } from "../bindings/Role";

export const listProfiles = () => call("list_profiles");

export const currentProfile = () => call("current_profile");

export const createProfile = (name: string, role: Role) => call("create_profile", { name, role });

export const switchProfile = (id: string) => call("switch_profile", { id });

/** Applies an action as the current profile; resolves to the article as it now is. */
export const applyAction = (articleId: string, action: Action, note?: string) =>
  call("apply_action", { articleId, action, note: note ?? null });

export const availableActions = (articleId: string) => call("available_actions", { articleId });

/** Whether the current profile may edit the article now, and if not why (the core's rule). */
export const editRights = (articleId: string) => call("edit_rights", { articleId });

export const articleHistory = (articleId: string) => call("article_history", { articleId });

export const articleNotes = (articleId: string) => call("article_notes", { articleId });

export const addNote = (articleId: string, body: string) => call("add_note", { articleId, body });

export const assignArticle = (articleId: string, assignee: string | null) =>
  call("assign_article", { articleId, assignee });

export const articleAssignee = (articleId: string) => call("article_assignee", { articleId });

export const listView = (filter: Partial<ArticleFilter>) => call("list_view", { filter });

export const viewCounts = () => call("view_counts");

export const getChecklist = () => call("get_checklist");

export const setChecklist = (checklist: Checklist) => call("set_checklist", { checklist });

export const checkArticle = (articleId: string) => call("check_article", { articleId });
