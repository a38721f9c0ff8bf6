// The window frame: the nav rail with every registered view, the view area, the language
// switch and the notices. Views are mounted once and kept, so switching never loses an
// open editor.
import { h } from "../lib/dom";
import { locale, setLocale, type Locale } from "../lib/i18n";
import { mountToasts } from "../lib/toast";
import { firstPaint } from "./first-paint";
import { registeredViews, type AppContext, type ViewHandle } from "./registry";

export interface Shell {
  app: AppContext;
  showView(id: string): void;
}

export function mountShell(root: HTMLElement, openArticle: AppContext["openArticle"]): Shell {
  const nav = h("nav", { class: "nav-rail", testid: "nav" });
  const main = h("main", { class: "view-host" });
  const frames = new Map<string, { frame: HTMLElement; button: HTMLElement; handle: ViewHandle }>();
  let active: string | null = null;

  const app: AppContext = {
    openArticle,
    showView: (id) => showView(id),
  };

  function showView(id: string): void {
    if (active === id || !frames.has(id)) return;
    mount(id);
    if (active) {
      const prev = frames.get(active);
      if (prev) {
        prev.frame.hidden = true;
        prev.button.classList.remove("active");
        prev.handle.hidden?.();
      }
    }
    const next = frames.get(id);
    if (!next) return;
    next.frame.hidden = false;
    next.button.classList.add("active");
    active = id;
    next.handle.shown?.();
  }

  nav.append(h("div", { class: "brand", attrs: { "aria-hidden": "true" } }, "N"));
  for (const spec of registeredViews()) {
    const frame = h("section", { class: `view view-${spec.id}`, testid: `view-${spec.id}` });
    frame.hidden = true;
    const button = h(
      "button",
      { class: "nav-item", testid: `nav-${spec.id}`, title: spec.label, on: { click: () => showView(spec.id) } },
      h("span", { class: "nav-icon", attrs: { "aria-hidden": "true" } }, spec.icon),
      h("span", { class: "nav-label", text: spec.label }),
    );
    nav.append(button);
    main.append(frame);
    frames.set(spec.id, { frame, button, handle: { } });
  }
  nav.append(h("div", { class: "nav-spacer" }), languageSwitch());
  root.replaceChildren(nav, main);
  mountToasts(root);

  // Mount after the frames exist so a view may call showView during mount. The first view
  // mounts now; the others once it has painted (their queries — the trash, the calendar,
  // tag counts, badges — would otherwise compete with the article list for the database),
  // or as soon as one is shown, whichever comes first.
  const mounted = new Set<string>();
  function mount(id: string): void {
    const spec = registeredViews().find((v) => v.id === id);
    const entry = frames.get(id);
    if (!spec || !entry || mounted.has(id)) return;
    mounted.add(id);
    entry.handle = spec.mount(entry.frame, app);
    if (entry.handle.badge) entry.button.append(entry.handle.badge);
  }
  const first = registeredViews()[0];
  if (first) {
    mount(first.id);
    showView(first.id);
  }
  void firstPaint.then(() => {
    for (const spec of registeredViews()) mount(spec.id);
  });
  return { app, showView };
}

function languageSwitch(): HTMLElement {
  const select = h("select", { class: "lang-switch", testid: "language", title: "nav.language" });
  for (const [value, label] of [
    ["ru", "RU"],
    ["en", "EN"],
  ] as const) {
    const option = h("option", { attrs: { value } }, label);
    select.append(option);
  }
  select.value = locale();
  select.addEventListener("change", () => setLocale(select.value as Locale));
  return select;
}
