// First launch: who is working here (name and role), asked once, above the articles, until
// a profile exists. Without a profile every workflow step stops with "choose or create a
// profile first"; asking up front saves that detour. Not a modal: the app stays usable.
import type { Role } from "../../lib/bindings/Role";
import { h } from "../../lib/dom";
import { t, type MessageKey } from "../../lib/i18n";
import { createProfile, listProfiles } from "../../lib/ipc/workflow";
import { toast } from "../../lib/toast";
import { emit, on } from "../../shell/bus";

/** A name field, a role choice and a button; `done` runs once the profile exists. */
export function whoAreYouForm(testid: string, done: () => void): HTMLElement {
  const name = h("input", { testid: `${testid}-name`, placeholder: "profile.newName", attrs: { type: "text", autocomplete: "name" } });
  const role = h("select", { testid: `${testid}-role` });
  for (const r of ["journalist", "editor"] as Role[]) {
    role.append(h("option", { text: `profile.role.${r}` as MessageKey, attrs: { value: r } }));
  }
  const form = h(
    "form",
    {
      class: "who-form",
      on: {
        submit: (event) => {
          event.preventDefault();
          void save();
        },
      },
    },
    name,
    role,
    h("button", { class: "button button-primary", testid: `${testid}-save`, text: "welcome.save", attrs: { type: "submit" } }),
  );
  async function save(): Promise<void> {
    if (!name.value.trim()) {
      name.focus();
      toast(t("welcome.needName"), "error");
      return;
    }
    try {
      const profile = await createProfile(name.value, role.value as Role);
      toast(t("profile.switched", { name: profile.name }));
      // Everything that depends on who is working asks again (desk, edit rights, tabs).
      emit("articles-reload", undefined);
      done();
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
  }
  return form;
}

/** Shows the welcome above `host`'s content while the newsroom has no profile. */
export async function mountWelcome(host: HTMLElement): Promise<void> {
  let profiles;
  try {
    profiles = await listProfiles();
  } catch {
    return; // the desk reports problems with profiles; the welcome is only a shortcut
  }
  if (profiles.length > 0) return;
  const banner = h(
    "div",
    { class: "welcome", testid: "welcome", attrs: { role: "region" } },
    h("strong", { text: "welcome.title" }),
    h("span", { class: "hint", text: "welcome.why" }),
    whoAreYouForm("welcome", () => banner.remove()),
    h("button", { class: "link-button", testid: "welcome-later", text: "welcome.later", attrs: { type: "button" }, on: { click: () => banner.remove() } }),
  );
  // A profile made elsewhere (the desk) answers the question too.
  const off = on("articles-reload", () => {
    void listProfiles().then((list) => {
      if (list.length > 0) {
        banner.remove();
        off();
      }
    });
  });
  host.prepend(banner);
}
