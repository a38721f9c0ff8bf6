// All message bundles. A new domain: write messages-<domain>.ts exporting `en` (as const)
// and `ru: Record<keyof typeof en, string>`, then add it to `bundles` below.
import * as core from "./messages-core";
import * as desk from "./messages-desk";
import * as media from "./messages-media";
import * as schedule from "./messages-schedule";
import * as search from "./messages-search";
import * as sync from "./messages-sync";
import * as text from "./messages-text";
import * as workflow from "./messages-workflow";

export const bundles = [core, search, workflow, text, sync, schedule, media, desk] as const;

export type Locale = "ru" | "en";
export const LOCALES: readonly Locale[] = ["ru", "en"];

type Bundle = (typeof bundles)[number];
// Distributes over the bundles: `keyof (A | B)` would be only the keys they share.
type KeysOf<T> = T extends unknown ? keyof T : never;
export type MessageKey = KeysOf<Bundle["en"]>;

export const catalog: Record<Locale, Record<string, string>> = {
  en: Object.assign({}, ...bundles.map((b) => b.en)),
  ru: Object.assign({}, ...bundles.map((b) => b.ru)),
};
