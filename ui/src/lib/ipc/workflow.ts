// Workflow: profiles, actions, history, notes, assignment, views with counts, checklist.
// Every call acts as the current profile; the core decides what it may do.
import { call } from "./core";
import type { Action } from "../bindings/Action";
import type { Article } from "../bindings/Article";
import type { ArticleFilter } from "../bindings/ArticleFilter";
import type { ArticlePage } from "../bindings/ArticlePage";
import type { CheckResult } from "../bindings/CheckResult";
import type { Checklist } from "../bindings/Checklist";
import type { EditRights } from "../bindings/EditRights";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { Note } from "../bindings/Note";
import type { Profile } from "../bindings/Profile";
import type { Role } from "../bindings/Role";
import type { ViewCount } from "../bindings/ViewCount";

export const listProfiles = () => call<Profile[]>("list_profiles");

export const currentProfile = () => call<Profile | null>("current_profile");

export const createProfile = (name: string, role: Role) => call<Profile>("create_profile", { name, role });

export const switchProfile = (id: string) => call<Profile>("switch_profile", { id });

/** Applies an action as the current profile; resolves to the article as it now is. */
export const applyAction = (articleId: string, action: Action, note?: string) =>
  call<Article>("apply_action", { articleId, action, note: note ?? null });

export const availableActions = (articleId: string) => call<Action[]>("available_actions", { articleId });

/** Whether the current profile may edit the article now, and if not why (the core's rule). */
export const editRights = (articleId: string) => call<EditRights>("edit_rights", { articleId });

export const articleHistory = (articleId: string) => call<HistoryEntry[]>("article_history", { articleId });

export const articleNotes = (articleId: string) => call<Note[]>("article_notes", { articleId });

export const addNote = (articleId: string, body: string) => call<Note>("add_note", { articleId, body });

export const assignArticle = (articleId: string, assignee: string | null) =>
  call<string | null>("assign_article", { articleId, assignee });

export const articleAssignee = (articleId: string) => call<string | null>("article_assignee", { articleId });

export const listView = (filter: Partial<ArticleFilter>) => call<ArticlePage>("list_view", { filter });

export const viewCounts = () => call<ViewCount[]>("view_counts");

export const getChecklist = () => call<Checklist>("get_checklist");

export const setChecklist = (checklist: Checklist) => call<Checklist>("set_checklist", { checklist });

export const checkArticle = (articleId: string) => call<CheckResult[]>("check_article", { articleId });
