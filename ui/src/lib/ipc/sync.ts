// Sync with the WordPress site (issue 5): the account, status bar, per-article badges,
// "sync now" and conflicts.
import { call } from "./core";
import type { Account } from "../bindings/Account";
import type { ArticleSyncState } from "../bindings/ArticleSyncState";
import type { Conflict } from "../bindings/Conflict";
import type { Resolution } from "../bindings/Resolution";
import type { RoundReport } from "../bindings/RoundReport";
import type { SyncStatus } from "../bindings/SyncStatus";

/**
 * Verifies the login against the site and stores the password in the system keyring.
 * `plainHttpConfirmed`: the user accepted sending the password unencrypted to this plain-http
 * site (refused otherwise unless the site is on this computer); remembered with the account.
 */
export const connectAccount = (siteUrl: string, login: string, password: string, plainHttpConfirmed = false) =>
  call<Account>("sync_connect", { siteUrl, login, password, plainHttpConfirmed });

export const disconnectAccount = () => call<void>("sync_disconnect");

export const syncStatus = () => call<SyncStatus>("sync_status");

export const articleSyncStates = (articleIds: string[]) =>
  call<ArticleSyncState[]>("sync_article_states", { articleIds });

export const syncNow = () => call<RoundReport>("sync_now");

export const retryFailed = () => call<number>("sync_retry_failed");

export const conflicts = (articleId: string | null = null) => call<Conflict[]>("sync_conflicts", { articleId });

/** Calls `handler` after every background sync round (the app starts the engine at launch). */
export async function onSyncRound(handler: () => void): Promise<() => void> {
  const { listen } = await import("@tauri-apps/api/event");
  return listen<number>("sync://round", () => handler());
}

export const resolveConflict = (id: number, resolution: Resolution) =>
  call<void>("sync_resolve_conflict", { id, resolution });
