// The workflow tab beside the editor: the state, the actions the current role can take
// (the core decides when one is pressed), the note that goes with it, the pre-approval
// checklist, the editorial notes thread (with where each note stands between this machine
// and the site, and which are new), the history of transitions, and (for an editor on a site
// with the companion plugin) the menu that assigns the article to a colleague on the site.
import type { Action } from "../../lib/bindings/Action";
import type { Article } from "../../lib/bindings/Article";
import { h } from "../../lib/dom";
import { formatDateTime, t, type MessageKey } from "../../lib/i18n";
import type { NoteDelivery } from "../../lib/bindings/NoteDelivery";
import type { SiteAssignment } from "../../lib/bindings/SiteAssignment";
import type { SitePeople } from "../../lib/bindings/SitePeople";
import type { ParkedEntry } from "../../lib/bindings/ParkedEntry";
import { assignOnSite, markNotesSeen, noteDeliveries, parkedEntries, siteAssignment, sitePeople } from "../../lib/ipc/desk";
import { addNote, applyAction, articleHistory, articleNotes, availableActions, checkArticle } from "../../lib/ipc/workflow";
import { onSyncRound } from "../../lib/ipc/sync";
import { toast } from "../../lib/toast";
import { emit, on } from "../../shell/bus";
import { registerArticleTab } from "../../shell/registry";
import { statusLabel } from "../articles/list";
import { checkText } from "./checks";

function fail(error: unknown): void {
  toast(t("error.generic", { reason: (error as Error).message }), "error");
}

registerArticleTab({
  id: "workflow",
  label: "panel.workflow",
  order: 15,
  mount(host, ctx) {
    const state = h("span", { class: "status-badge", testid: "workflow-state" });
    const assignment = h("p", { class: "hint", testid: "site-assignment" });
    const assignSelect = h("select", { testid: "assign-select", title: "desk.assignLabel" });
    assignSelect.addEventListener("change", () => void assign(assignSelect.value));
    const assignRow = h("p", { class: "workflow-assign", testid: "assign-row" }, h("label", { text: "desk.assignLabel" }), " ", assignSelect);
    const assignHint = h("p", { class: "hint", testid: "assign-hint" });
    const assignRefused = h("p", { class: "hint hint-error", testid: "assign-refused" });
    // History lines and checklist results the site refused for good (a refused note says so in
    // its own row): kept here, not retried, and said once under the history.
    const parked = h("ul", { class: "workflow-parked", testid: "desk-parked" });
    const buttons = h("div", { class: "workflow-actions", testid: "workflow-actions" });
    const note = h("textarea", { class: "workflow-note", testid: "workflow-note", placeholder: "workflow.note", attrs: { rows: "2" } });
    const checks = h("ul", { class: "workflow-checks", testid: "workflow-checks" });
    const thread = h("ul", { class: "workflow-thread", testid: "notes-thread" });
    const newNote = h("textarea", { testid: "note-input", placeholder: "workflow.notePlaceholder", attrs: { rows: "2" } });
    const history = h("ol", { class: "workflow-history", testid: "workflow-history" });
    const add = h("button", { class: "button", testid: "note-add", text: "workflow.addNote", on: { click: () => void postNote() } });
    host.append(
      h("div", { class: "workflow" },
        h("p", {}, h("span", { text: "workflow.state" }), " ", state),
        assignment,
        assignRow,
        assignHint,
        assignRefused,
        buttons,
        note,
        h("h4", { text: "workflow.checklist" }), checks,
        h("h4", { text: "workflow.notes" }), thread, newNote, add,
        h("h4", { text: "workflow.history" }), history, parked,
      ),
    );

    let current: Article | null = null;
    let visible = false;
    let seq = 0;
    // The site's people change rarely: read when the tab is first shown, then every few minutes.
    let people: SitePeople | null = null;
    let peopleReadAt = 0;
    let peopleReading = false;
    let shownAssignment: SiteAssignment | null = null;
    const PEOPLE_FRESH_MS = 5 * 60_000;

    /** Reads the site's people when the list is old, beside the rest: it takes the network
     * (up to the request time limit offline), which the tab's other parts never wait for. */
    async function refreshPeople(): Promise<void> {
      // Not connected yet: asking costs nothing (no account, no request), and a site account
      // set up meanwhile is found at once.
      const fresh = people?.connected && Date.now() - peopleReadAt < PEOPLE_FRESH_MS;
      if (peopleReading || fresh) return;
      peopleReading = true;
      try {
        people = await sitePeople();
        peopleReadAt = Date.now();
        renderAssignMenu(shownAssignment);
      } catch (error) {
        fail(error);
      } finally {
        peopleReading = false;
      }
    }

    async function load(): Promise<void> {
      const article = current;
      const mine = ++seq;
      if (!article) {
        state.textContent = "";
        for (const el of [buttons, checks, thread, history]) el.replaceChildren();
        return;
      }
      try {
        const [actions, results, notes, entries, deliveries, assigned, refused] = await Promise.all([
          availableActions(article.id),
          checkArticle(article.id),
          articleNotes(article.id),
          articleHistory(article.id),
          noteDeliveries(article.id),
          siteAssignment(article.id),
          parkedEntries(article.id),
        ]);
        if (mine !== seq) return;
        shownAssignment = assigned;
        state.textContent = statusLabel(article.status);
        state.className = `status-badge status-${article.status}`;
        state.dataset.status = article.status;
        renderActions(actions);
        renderAssignment(assigned);
        renderAssignMenu(assigned);
        renderParked(refused);
        void refreshPeople();
        const travel = new Map(deliveries.map((d) => [d.note_id, d]));
        checks.replaceChildren(
          ...results.map((c) =>
            h("li", { class: c.passed ? "check-pass" : "check-fail", testid: "check", attrs: { "data-check": c.check, "data-passed": String(c.passed) } },
              `${c.passed ? "✓" : "✗"} ${checkText(c)}`),
          ),
        );
        thread.replaceChildren(
          ...(notes.length === 0
            ? [h("li", { class: "list-empty", text: "workflow.noNotes" })]
            : notes.map((n) => noteRow(n.author_name, n.created_at, n.body, travel.get(n.id)))),
        );
        history.replaceChildren(
          ...(entries.length === 0
            ? [h("li", { class: "list-empty", text: "workflow.noHistory" })]
            : entries.map((e) =>
                h("li", { testid: "transition-row", attrs: { "data-action": e.action } },
                  `${formatDateTime(e.at)} · ${e.actor_name} · ${statusLabel(e.from)} → ${statusLabel(e.to)}`,
                  e.note ? h("p", { class: "note-body" }, e.note) : null,
                ),
              )),
        );
        // Read now: the list's badge for this article goes.
        if (visible && deliveries.some((d) => d.unread)) {
          await markNotesSeen(article.id);
          emit("notes-seen", { id: article.id });
        }
      } catch (error) {
        fail(error);
      }
    }

    function noteRow(author: string, at: string, body: string, delivery: NoteDelivery | undefined): HTMLElement {
      const travel = delivery?.travel ?? "here";
      const where =
        travel === "refused" ? t("desk.travel.refused", { reason: delivery?.failure ?? "" }) : t(`desk.travel.${travel}` as MessageKey);
      return h(
        "li",
        { class: delivery?.unread ? "note note-unread" : "note", testid: "note-row", attrs: { "data-travel": travel, "data-unread": String(delivery?.unread ?? false) } },
        h("strong", { testid: "note-author" }, author), " ",
        h("span", { class: "note-time", testid: "note-time" }, formatDateTime(at)), " ",
        delivery?.unread ? h("span", { class: "note-new", text: "desk.new" }) : null,
        h("span", { class: `note-travel note-travel-${travel}`, testid: "note-travel" }, where),
        h("p", { class: "note-body", testid: "note-body" }, body),
      );
    }

    function renderParked(entries: ParkedEntry[]): void {
      const shown = entries.filter((e) => e.kind !== "note");
      parked.hidden = shown.length === 0;
      parked.replaceChildren(
        ...shown.map((e) =>
          h("li", { class: "hint hint-error", testid: "parked-entry", attrs: { "data-kind": e.kind } },
            t(`desk.parked.${e.kind === "checklist" ? "checklist" : "history"}`, { reason: e.reason })),
        ),
      );
    }

    function renderAssignment(assigned: SiteAssignment | null): void {
      assignRefused.hidden = !assigned?.refused;
      assignRefused.textContent = assigned?.refused ? t("desk.assignRefused", { reason: assigned.refused }) : "";
      const name = assigned?.assignee_name;
      assignment.hidden = !name;
      assignment.textContent = !name
        ? ""
        : assigned.pending
          ? t("desk.assignedPending", { name })
          : t("desk.assignedTo", { name, by: assigned.assigned_by });
    }

    /** The assignment menu: the site's people, the current assignee chosen. */
    function renderAssignMenu(assigned: SiteAssignment | null): void {
      const p = people;
      const canAssign = !!p && p.connected && p.shared && p.may_assign;
      assignRow.hidden = !canAssign;
      const hint = !p || !p.connected || !p.may_assign
        ? ""
        : !p.shared
          ? t("desk.assignNeedsPlugin")
          : p.stale
            ? t("desk.assignStale", { reason: p.stale })
            : "";
      assignHint.hidden = !hint;
      assignHint.textContent = hint;
      if (!canAssign) return;
      const chosen = assigned?.wp_user_id ?? null;
      const users = [...p.users];
      // Someone assigned earlier who is not in the list (left the site, or the list is old).
      if (chosen !== null && !users.some((u) => u.id === chosen)) users.push({ id: chosen, name: assigned?.assignee_name || String(chosen) });
      // Rebuilt only when the people change: every sync round reloads the tab, and a menu
      // rebuilt under the user's pointer would close in their hand.
      const signature = JSON.stringify(users.map((u) => [u.id, u.name]));
      if (assignSelect.dataset.people !== signature) {
        assignSelect.replaceChildren(
          h("option", { text: "desk.assignNobody", attrs: { value: "" } }),
          ...users.map((u) => h("option", { attrs: { value: String(u.id) } }, u.name)),
        );
        assignSelect.dataset.people = signature;
      }
      assignSelect.value = chosen === null ? "" : String(chosen);
    }

    async function assign(value: string): Promise<void> {
      const article = current;
      if (!article) return;
      const user = value ? (people?.users.find((u) => String(u.id) === value) ?? null) : null;
      if (value && !user) return;
      try {
        const assigned = await assignOnSite(article.id, user);
        shownAssignment = assigned;
        renderAssignment(assigned);
        toast(user ? t("desk.assignedDone", { name: user.name }) : t("desk.unassignedDone"));
      } catch (error) {
        fail(error);
      }
      void load();
    }

    function renderActions(actions: Action[]): void {
      // Scheduling needs a time: the schedule tab owns it.
      const shown = actions.filter((a) => a !== "schedule" && a !== "unschedule");
      if (shown.length === 0) {
        buttons.replaceChildren(h("p", { class: "hint", text: "workflow.noActions" }));
        return;
      }
      buttons.replaceChildren(
        ...shown.map((action) =>
          h("button", { class: "button", testid: `action-${action}`, text: `action.${action}` as MessageKey, on: { click: () => void act(action) } }),
        ),
      );
    }

    async function act(action: Action): Promise<void> {
      try {
        const text = note.value.trim();
        const article = await ctx.write((a) => applyAction(a.id, action, text || undefined));
        note.value = "";
        ctx.replaceArticle(article);
        emit("article-changed", article);
        toast(t("action.done", { state: statusLabel(article.status) }));
      } catch (error) {
        fail(error);
      }
      void load();
    }

    async function postNote(): Promise<void> {
      const article = current;
      const body = newNote.value.trim();
      if (!article || !body) return;
      try {
        await addNote(article.id, body);
        newNote.value = "";
        void load();
      } catch (error) {
        fail(error);
      }
    }

    on("articles-reload", () => { if (visible) void load(); });
    // Notes, history and the assignment arrive with sync rounds.
    void onSyncRound(() => { if (visible) void load(); });

    return {
      update(article) {
        current = article;
        if (visible) void load();
      },
      shown() {
        visible = true;
        void load();
      },
      hidden() {
        visible = false;
      },
    };
  },
});
