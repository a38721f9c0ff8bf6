// Links in the preview never navigate the app: a previewed post may come from anyone, and
// a click that replaced the window with a remote page could ask for a password. A click
// shows the link's real address and offers to copy it; the Rust side refuses any
// navigation that slips past (src-tauri/src/navigation.rs).
import { h } from "../../../lib/dom";

/** Stops every link inside `root` from navigating and asks about it instead. */
export function guardLinks(root: HTMLElement): void {
  const intercept = (event: MouseEvent) => {
    const link = (event.target as Element | null)?.closest?.("a");
    if (!link || !root.contains(link)) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.type !== "click") return;
    const address = link.getAttribute("href");
    if (address) showLinkDialog(root, address);
  };
  root.addEventListener("click", intercept);
  // Middle click would open a new window; refuse it as well.
  root.addEventListener("auxclick", intercept);
}

function showLinkDialog(root: HTMLElement, address: string): void {
  root.ownerDocument.querySelector(".link-dialog")?.remove();
  const status = h("p", { class: "link-dialog-status", testid: "link-dialog-status" });
  const field = h("input", {
    class: "link-dialog-address",
    testid: "link-dialog-address",
    attrs: { readonly: "", type: "text", spellcheck: "false" },
  });
  field.value = address;
  const close = () => dialog.remove();
  const copy = async () => {
    field.select();
    let copied = true;
    try {
      await navigator.clipboard.writeText(address);
    } catch {
      // Without clipboard access the address stays selected for Ctrl+C.
      copied = false;
    }
    status.replaceChildren(
      h("span", { text: copied ? "preview.linkCopied" : "preview.linkSelected" }),
    );
  };
  const dialog = h(
    "div",
    {
      class: "link-dialog",
      testid: "link-dialog",
      attrs: { role: "dialog", "aria-modal": "true" },
      on: { keydown: (e) => e.key === "Escape" && close() },
    },
    h(
      "div",
      { class: "link-dialog-box" },
      h("h2", { text: "preview.linkTitle" }),
      h("p", { text: "preview.linkExplain" }),
      field,
      status,
      h(
        "div",
        { class: "link-dialog-actions" },
        h("button", {
          class: "primary",
          testid: "link-dialog-copy",
          text: "preview.linkCopy",
          on: { click: () => void copy() },
        }),
        h("button", { testid: "link-dialog-close", text: "preview.linkClose", on: { click: close } }),
      ),
    ),
  );
  root.ownerDocument.body.append(dialog);
  field.focus();
  field.select();
}
