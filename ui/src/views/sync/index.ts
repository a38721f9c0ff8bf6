// The site screen: the account, the sync status ("N changes not yet synced", online/offline,
// last sync), "sync now", and conflicts with both versions side by side.
import { clear, debounce, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import type { MessageKey } from "../../lib/i18n";
import {
  articleSyncStates,
  conflicts,
  connectAccount,
  disconnectAccount,
  resolveConflict,
  retryFailed,
  onSyncRound,
  syncNow,
  syncStatus,
} from "../../lib/ipc/sync";
import type { Conflict } from "../../lib/bindings/Conflict";
import type { SyncStatus } from "../../lib/bindings/SyncStatus";
import { toast } from "../../lib/toast";
import { on } from "../../shell/bus";
import "./sync.css";
import { registerArticleTab, registerView } from "../../shell/registry";
import { newsroomSettingsCard } from "./newsroom-settings";

const REFRESH_MS = 5000;
/** A save changes the pending count; a burst of saves asks once. */
const AFTER_SAVE_MS = 1500;

/** The nav entry's badge: the app's sync state at a glance, from every screen. */
function showIndicator(badge: HTMLElement, s: SyncStatus): void {
  const state = !s.account
    ? "none"
    : s.conflicts > 0
      ? "conflict"
      : s.failed > 0
        ? "failed"
        : s.online === false
          ? "offline"
          : s.pending > 0
            ? "pending"
            : "synced";
  badge.dataset.state = state;
  const count = state === "conflict" ? s.conflicts : state === "failed" ? s.failed : s.pending;
  badge.textContent = count > 0 ? String(count) : "";
  badge.title = statusTexts(s)
    .map((line) => line.text)
    .join("\n");
}

interface StatusLine {
  text: string;
  testid?: string;
  cls?: string;
}

/** The app's sync state as lines, shared by the site screen and the nav badge's tooltip. */
function statusTexts(s: SyncStatus): StatusLine[] {
  const lines: StatusLine[] = [
    { testid: "sync-online", text: s.online === null ? t("sync.unknown") : s.online ? t("sync.online") : t("sync.offline") },
    { testid: "sync-pending", text: s.pending === 0 ? t("sync.allSynced") : t("sync.pending", { count: s.pending }) },
  ];
  if (s.failed > 0) lines.push({ cls: "sync-failed", text: t("sync.failed", { count: s.failed }) });
  if (s.conflicts > 0) lines.push({ cls: "sync-conflict", text: t("sync.conflictsCount", { count: s.conflicts }) });
  const last = s.last_sync_at ? new Date(s.last_sync_at).toLocaleString() : t("sync.never");
  lines.push({ testid: "sync-last", text: t("sync.lastSync", { time: last }) });
  return lines;
}

function statusLines(s: SyncStatus): HTMLElement {
  const box = h("div", { class: "sync-status", testid: "sync-status" });
  for (const line of statusTexts(s)) {
    box.append(h("p", { ...(line.testid ? { testid: line.testid } : {}), ...(line.cls ? { class: line.cls } : {}) }, line.text));
  }
  if (s.last_error) box.append(h("p", { class: "sync-error" }, t("sync.lastError", { reason: s.last_error })));
  // A stock WordPress: the desk (notes, assignment, lock) cannot travel; said plainly, in
  // the interface language, above the longer list of weaker guarantees.
  if (s.account && s.account.plugin_version === null) {
    box.append(h("p", { class: "sync-warning", testid: "sync-desk-local", text: "sync.deskLocal" }));
  }
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
    h(
      "div",
      { class: "sync-actions" },
      h("button", { class: "button", text: "sync.keepMine", testid: "conflict-keep-mine", on: { click: () => void choose("local") } }),
      h("button", { class: "button", text: "sync.takeTheirs", testid: "conflict-take-theirs", on: { click: () => void choose("remote") } }),
    ),
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
    const site = h("input", { placeholder: "sync.siteUrl", testid: "sync-site-url", attrs: { type: "url", spellcheck: "false" } });
    const login = h("input", { placeholder: "sync.login", testid: "sync-login", attrs: { autocomplete: "username" } });
    const password = h("input", { placeholder: "sync.password", testid: "sync-password", attrs: { type: "password", autocomplete: "off" } });
    // Plain http sends the password unencrypted: the box that accepts it shows only for an
    // http:// address, and is what the shell remembers with the account (issue 10).
    const plainHttp = h("input", { testid: "sync-plain-http", attrs: { type: "checkbox" } });
    const plainHttpRow = h("label", { class: "sync-field sync-plain-http" }, plainHttp, h("span", { text: "sync.plainHttp" }));
    const showPlainHttp = () => {
      const isHttp = /^\s*http:\/\//i.test(site.value);
      plainHttpRow.hidden = !isHttp;
      if (!isHttp) plainHttp.checked = false;
    };
    site.addEventListener("input", showPlainHttp);
    showPlainHttp();
    const labelled = (label: "sync.siteUrl" | "sync.login" | "sync.password", input: HTMLElement) =>
      h("label", { class: "sync-field" }, h("span", { class: "field-label", text: label }), input);
    // The account block is rebuilt only when the account itself changes: rebuilding it on
    // every status refresh took the focus out of the form while someone was typing.
    let shownAccount: string | null = null;

    const badge = h("span", { class: "nav-badge", testid: "sync-indicator" });
    let visible = false;

    async function refresh(): Promise<void> {
      try {
        const s = await syncStatus();
        showIndicator(badge, s);
        if (!visible) return;
        const accountKey = s.account ? `${s.account.site_url}|${s.account.login}|${s.account.role}` : "";
        if (accountKey !== shownAccount) {
          shownAccount = accountKey;
          clear(account);
          if (s.account) {
            account.append(
              h("p", { testid: "sync-connected" }, t("sync.connected", { site: s.account.site_url, login: s.account.login, role: s.account.role })),
              ...(s.account.plain_http_confirmed ? [h("p", { class: "hint", testid: "sync-plain-http-warning", text: "sync.plainHttpWarning" })] : []),
              h("button", { class: "button", text: "sync.disconnect", on: { click: () => void disconnect() } }),
            );
          } else {
            account.append(
              h("p", { class: "hint", text: "sync.notConnected" }),
              h(
                "form",
                { class: "sync-form", on: { submit: (e) => { e.preventDefault(); void connect(); } } },
                labelled("sync.siteUrl", site),
                labelled("sync.login", login),
                labelled("sync.password", password),
                plainHttpRow,
                h("button", { class: "button button-primary", text: "sync.connect", testid: "sync-connect", attrs: { type: "submit" } }),
              ),
            );
          }
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
        await connectAccount(site.value, login.value, password.value, plainHttp.checked && !plainHttpRow.hidden);
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

    const settings = newsroomSettingsCard();
    host.append(
      h(
        "div",
        { class: "sync-layout" },
        h("h2", { class: "view-title", text: "sync.title" }),
        h("section", { class: "sync-card" }, h("h3", { text: "sync.account" }), account),
        h(
          "section",
          { class: "sync-card" },
          status,
          h(
            "div",
            { class: "sync-actions" },
            h("button", { class: "button button-primary", text: "sync.now", testid: "sync-now", on: { click: () => void runNow() } }),
            h("button", { class: "button", text: "sync.retry", on: { click: () => void retryFailed().then(refresh) } }),
          ),
        ),
        h("section", { class: "sync-card" }, h("h3", { text: "sync.conflicts" }), conflictList),
        settings.el,
      ),
    );
    // The badge stays current from every screen: after each background round, and shortly
    // after local saves (which add to "not yet synced"). The screen itself also polls while
    // it is open, for the online state and the clock of the last sync.
    void onSyncRound(() => void refresh());
    const afterSave = debounce(() => void refresh(), AFTER_SAVE_MS);
    on("article-changed", () => afterSave());
    void refresh();
    let timer: ReturnType<typeof setInterval> | null = null;
    return {
      badge,
      shown() {
        visible = true;
        void refresh();
        void settings.refresh();
        timer ??= setInterval(() => void refresh(), REFRESH_MS);
      },
      hidden() {
        visible = false;
        if (timer !== null) clearInterval(timer);
        timer = null;
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
    // A background round may have sent (or pulled) the open article.
    void onSyncRound(() => void refresh());
    return {
      update: () => void refresh(),
      shown: () => void refresh(),
    };
  },
});
