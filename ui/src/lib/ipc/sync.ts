// Sync with the WordPress site (issue 5): the account, status bar, per-article badges,
// "sync now" and conflicts.
import { EVENTS } from "./commands";
import { call } from "./core";
import type { Resolution } from "../bindings/Resolution";

/**
 * Verifies the login against the site and stores the password in the system keyring.
 * `plainHttpConfirmed`: the user accepted sending the password unencrypted to this plain-http
 * site (refused otherwise unless the site is on this computer); remembered with the account.
 */
export const connectAccount = (siteUrl: string, login: string, password: string, plainHttpConfirmed = false) =>
  call("sync_connect", { siteUrl, login, password, plainHttpConfirmed });

export const disconnectAccount = () => call("sync_disconnect");

export const syncStatus = () => call("sync_status");

export const articleSyncStates = (articleIds: string[]) =>
  call("sync_article_states", { articleIds });

export const syncNow = () => call("sync_now");

export const retryFailed = () => call("sync_retry_failed");

export const conflicts = (articleId: string | null = null) => call("sync_conflicts", { articleId });

/** Calls `handler` after every background sync round (the app starts the engine at launch). */
export async function onSyncRound(handler: () => void): Promise<() => void> {
  const { listen } = await import("@tauri-apps/api/event");
  return listen<number>(EVENTS.SYNC_ROUND, () => handler());
}

export const resolveConflict = (id: number, resolution: Resolution) =>
  call("sync_resolve_conflict", { id, resolution });
