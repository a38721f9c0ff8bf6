// Short notices at the bottom of the window (import done, an action failed), some with one
// action button (an export's "Open folder").
import { h } from "./dom";

let host: HTMLElement | null = null;

export function mountToasts(parent: HTMLElement): void {
  host = h("div", { class: "toasts", testid: "toasts", attrs: { role: "status", "aria-live": "polite" } });
  parent.append(host);
}

/** A button on a toast: its label is already translated; `run` happens on click. */
export interface ToastAction {
  label: string;
  testid: string;
  run: () => void;
}

export function toast(message: string, kind: "info" | "error" = "info", ms = 5000, action?: ToastAction): void {
  if (!host) return;
  const button = action
    ? h("button", { class: "toast-action", testid: action.testid, on: { click: () => action.run() } }, action.label)
    : null;
  const el = h("div", { class: `toast toast-${kind}` }, h("span", { class: "toast-text" }, message), button);
  host.append(el);
  // A toast that offers an action stays long enough to reach it.
  const lifetime = (kind === "error" ? ms * 2 : ms) * (action ? 3 : 1);
  setTimeout(() => el.remove(), lifetime);
}
