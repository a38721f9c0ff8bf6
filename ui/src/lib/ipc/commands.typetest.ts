// Type-level proof that the IPC seam is checked at compile time: `npm run typecheck` fails
// when any of these calls stops being an error (an unused @ts-expect-error is itself an
// error). Never run; only type-checked.
import { EVENTS } from "./commands";
import { call } from "./core";
import type { ArticleDraft } from "../bindings/ArticleDraft";

export async function callsThatMustNotTypecheck(draft: ArticleDraft): Promise<void> {
  // @ts-expect-error a command Rust does not register (a renamed one)
  await call("save_drafts", { id: "a", draft, expectedVersion: 1 });
  // @ts-expect-error an argument under another name (Tauri expects camelCase)
  await call("save_draft", { id: "a", draft, expected_version: 1 });
  // @ts-expect-error a missing argument
  await call("save_draft", { id: "a", draft });
  // @ts-expect-error an argument of the wrong type
  await call("get_article", { id: 5 });
  // @ts-expect-error arguments to a command that takes none
  await call("sync_status", {});
  // @ts-expect-error the result is what Rust returns (SyncStatus), not a number
  const wrong: number = await call("sync_status");
  void wrong;
  // @ts-expect-error an event the shell does not emit (a renamed one)
  void EVENTS.SYNC_ROUNDS;
}
