// Entry point: language, the database check, then the shell with every registered view.
// A domain adds its screens by importing its view module below (see ui/README.md).
import "./styles/app.css";
import { h } from "./lib/dom";
import { initLocale, t } from "./lib/i18n";
import { appStatus, onStoreDamaged, onWindowClose, type AppStatus } from "./lib/ipc/app";
import { mountShell } from "./shell/shell";
import { installShortcuts } from "./shell/shortcuts";
import { flushAll, openArticle, releaseAll } from "./views/articles";
import { setArticleToReopen } from "./views/articles/startup";
import "./views/trash";
import "./views/sync";
import "./views/search";
import "./views/text";
import "./views/workflow";
import "./views/tags";
import "./views/schedule";

function showOpenError(root: HTMLElement, status: AppStatus): void {
  const error = status.openError;
  root.replaceChildren(
    h(
      "div",
      { class: "fatal", testid: "open-error", attrs: { "data-code": error?.code ?? "" } },
      h("h1", { text: "app.openError.title" }),
      h("p", { class: "fatal-message", testid: "open-error-message" }, error?.message ?? ""),
      status.dataDir ? h("p", { class: "fatal-dir" }, t("app.openError.dataDir", { dir: status.dataDir })) : null,
      h("p", { class: "hint", text: "app.openError.hint" }),
    ),
  );
}

async function start(): Promise<void> {
  initLocale();
  const root = document.getElementById("app");
  if (!root) return;
  root.replaceChildren(h("div", { class: "loading", text: "app.loading" }));
  let status: AppStatus;
  try {
    status = await appStatus();
  } catch (error) {
    status = {
      version: "",
      dataDir: null,
      openError: { code: "internal", message: (error as Error).message },
      lastOpenArticle: null,
    };
  }
  if (status.openError) {
    showOpenError(root, status);
    return;
  }
  setArticleToReopen(status.lastOpenArticle);
  // A big database is checked whole after the first paint; damage found then stops the
  // editing the same way as damage found on open (writes are already refused in Rust).
  onStoreDamaged((openError) => showOpenError(root, { ...status, openError })).catch(() => undefined);
  mountShell(root, openArticle);
  installShortcuts();
  document.body.dataset.ready = "true";
  // At most ~1 s of typing is unsaved at any time; closing the window saves even that, and
  // lets go of the site's lock on the open article.
  onWindowClose(async () => {
    await flushAll();
    await releaseAll();
  }).catch(() => undefined);
}

void start();
