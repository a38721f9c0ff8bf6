// Short notices at the bottom of the window (import done, an action failed).
import { h } from "./dom";

let host: HTMLElement | null = null;

export function mountToasts(parent: HTMLElement): void {
  host = h("div", { class: "toasts", testid: "toasts", attrs: { role: "status", "aria-live": "polite" } });
  parent.append(host);
}

export function toast(message: string, kind: "info" | "error" = "info", ms = 5000): void {
  if (!host) return;
  const el = h("div", { class: `toast toast-${kind}` }, message);
  host.append(el);
  setTimeout(() => el.remove(), kind === "error" ? ms * 2 : ms);
}
