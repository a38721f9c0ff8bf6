// A tiny element builder: enough structure for small views without a framework.
import type { MessageKey } from "./i18n";
import { onLocaleChange, relabel, t } from "./i18n";

// Elements labelled from the catalog, attached or not. A language switch relabels the
// document, but a view may hold a part it has not attached yet (the Site screen's login
// form, before the account is known): it too must speak the new language once shown.
const labelled = new Set<WeakRef<HTMLElement>>();
onLocaleChange(() => {
  for (const ref of labelled) {
    const el = ref.deref();
    if (el) relabel(el);
    else labelled.delete(ref);
  }
});

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  /** Stable hook for end-to-end tests. */
  testid?: string;
  /** Text from the catalog; relabelled when the language changes. */
  text?: MessageKey;
  placeholder?: MessageKey;
  title?: MessageKey;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  if (props.text) {
    el.dataset.i18n = props.text;
    el.textContent = t(props.text);
  }
  if (props.placeholder) {
    el.dataset.i18nPlaceholder = props.placeholder;
    el.setAttribute("placeholder", t(props.placeholder));
  }
  if (props.title) {
    el.dataset.i18nTitle = props.title;
    el.title = t(props.title);
  }
  if (props.text || props.placeholder || props.title) labelled.add(new WeakRef(el));
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const [name, handler] of Object.entries(props.on ?? {})) {
    el.addEventListener(name, handler as EventListener);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** Calls `fn` once `ms` have passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const debounced = (...args: A) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return debounced;
}
