// The site screen: the account, the sync status ("N changes not yet synced", online/offline,
// last sync), "sync now", and conflicts with both versions side by side.
import { clear, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import type { MessageKey } from "../../lib/i18n";
import {
  articleSyncStates,
  conflicts,
  connectAccount,
  disconnectAccount,
  resolveConflict,
  retryFailed,
  syncNow,
  syncStatus,
} from "../../lib/ipc/sync";
import type { Conflict } from "../../lib/bindings/Conflict";
import type { SyncStatus } from "../../lib/bindings/SyncStatus";
import { toast } from "../../lib/toast";
import { registerArticleTab, registerView } from "../../shell/registry";

const REFRESH_MS = 5000;

function statusLines(s: SyncStatus): HTMLElement {
  const box = h("div", { class: "sync-status", testid: "sync-status" });
  const online =
    s.online === null ? t("sync.unknown") : s.online ? t("sync.online") : t("sync.offline");
  box.append(h("p", { testid: "sync-online" }, online));
  box.append(
    h("p", { testid: "sync-pending" }, s.pending === 0 ? t("sync.allSynced") : t("sync.pending", { count: s.pending })),
  );
  if (s.failed > 0) box.append(h("p", { class: "sync-failed" }, t("sync.failed", { count: s.failed })));
  if (s.conflicts > 0) box.append(h("p", { class: "sync-conflict" }, t("sync.conflictsCount", { count: s.conflicts })));
  const last = s.last_sync_at ? new Date(s.last_sync_at).toLocaleString() : t("sync.never");
  box.append(h("p", { testid: "sync-last" }, t("sync.lastSync", { time: last })));
  if (s.last_error) box.append(h("p", { class: "sync-error" }, t("sync.lastError", { reason: s.last_error })));
  for (const warning of [s.guarantees, s.secret_warning]) {
    if (warning) box.append(h("p", { class: "sync-warning" }, warning));
  }
  return box;
}

function conflictCard(c: Conflict, done: () => void): HTMLElement {
  const choose = async (choice: "local" | "remote") => {
    try {
      await resolveConflict(c.id, { choice });
      done();
    } catch (error) {
      toast(t("sync.error", { reason: (error as Error).message }), "error");
    }
  };
  return h(
    "div",
    { class: "sync-conflict-card", testid: "sync-conflict" },
    h("p", {}, t("sync.field", { field: c.field })),
    h(
      "div",
      { class: "sync-sides" },
      h("div", { class: "sync-side" }, h("h4", { text: "sync.mine" }), h("pre", { testid: "conflict-local" }, c.local_value)),
      h("div", { class: "sync-side" }, h("h4", { text: "sync.theirs" }), h("pre", { testid: "conflict-remote" }, c.remote_value)),
    ),
    h("button", { text: "sync.keepMine", testid: "conflict-keep-mine", on: { click: () => void choose("local") } }),
    h("button", { text: "sync.takeTheirs", testid: "conflict-take-theirs", on: { click: () => void choose("remote") } }),
  );
}

registerView({
  id: "sync",
  label: "nav.sync",
  icon: "⇅",
  order: 80,
  mount(host) {
    const account = h("div", { class: "sync-account", testid: "sync-account" });
    const status = h("div");
    const conflictList = h("div", { class: "sync-conflicts" });
    const site = h("input", { placeholder: "sync.siteUrl", testid: "sync-site-url" });
    const login = h("input", { placeholder: "sync.login", testid: "sync-login" });
    const password = h("input", { placeholder: "sync.password", testid: "sync-password", attrs: { type: "password" } });

    async function refresh(): Promise<void> {
      try {
        const s = await syncStatus();
        clear(account);
        if (s.account) {
          account.append(
            h("p", { testid: "sync-connected" }, t("sync.connected", { site: s.account.site_url, login: s.account.login, role: s.account.role })),
            h("button", { text: "sync.disconnect", on: { click: () => void disconnect() } }),
          );
        } else {
          account.append(
            h("p", { text: "sync.notConnected" }),
            site,
            login,
            password,
            h("button", { text: "sync.connect", testid: "sync-connect", on: { click: () => void connect() } }),
          );
        }
        status.replaceChildren(statusLines(s));
        const open = await conflicts();
        clear(conflictList);
        if (open.length === 0) conflictList.append(h("p", { text: "sync.noConflicts" }));
        for (const c of open) conflictList.append(conflictCard(c, () => void refresh()));
      } catch (error) {
        toast(t("sync.error", { reason: (error as Error).message }), "error");
      }
    }

    async function connect(): Promise<void> {
      try {
        await connectAccount(site.value, login.value, password.value);
        password.value = "";
        await refresh();
      } catch (error) {
        toast(t("sync.error", { reason: (error as Error).message }), "error");
      }
    }

    async function disconnect(): Promise<void> {
      await disconnectAccount().catch((error) => toast(t("sync.error", { reason: (error as Error).message }), "error"));
      await refresh();
    }

    async function runNow(): Promise<void> {
      try {
        const r = await syncNow();
        toast(t("sync.done", { pushed: r.pushed, created: r.created, pulled: r.pulled, conflicts: r.conflicts }));
      } catch (error) {
        toast(t("sync.error", { reason: (error as Error).message }), "error");
      }
      await refresh();
    }

    host.append(
      h(
        "div",
        { class: "sync-layout" },
        h("h2", { class: "view-title", text: "sync.title" }),
        h("h3", { text: "sync.account" }),
        account,
        status,
        h("button", { text: "sync.now", testid: "sync-now", on: { click: () => void runNow() } }),
        h("button", { text: "sync.retry", on: { click: () => void retryFailed().then(refresh) } }),
        h("h3", { text: "sync.conflicts" }),
        conflictList,
      ),
    );
    let timer: ReturnType<typeof setInterval> | null = null;
    return {
      shown() {
        void refresh();
        timer ??= setInterval(() => void refresh(), REFRESH_MS);
      },
    };
  },
});

// The article's own sync state beside the editor: synced, pending, failed and why, conflict.
registerArticleTab({
  id: "sync",
  label: "panel.sync",
  order: 70,
  mount(host, ctx) {
    const badge = h("p", { class: "sync-badge", testid: "sync-badge" });
    const reason = h("p", { class: "sync-reason" });
    host.append(badge, reason);
    async function refresh(): Promise<void> {
      const article = ctx.article();
      if (!article) return;
      try {
        const [state] = await articleSyncStates([article.id]);
        badge.dataset.state = state?.state ?? "local";
        badge.textContent = t(`sync.state.${state?.state ?? "local"}` as MessageKey);
        reason.textContent = state?.reason ?? "";
      } catch (error) {
        reason.textContent = (error as Error).message;
      }
    }
    return {
      update: () => void refresh(),
      shown: () => void refresh(),
    };
  },
});
