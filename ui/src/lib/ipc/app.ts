import { EVENTS } from "./commands";
import { call } from "./core";
import type { AppStatus } from "../bindings/AppStatus";
import type { StartupStage } from "../bindings/StartupStage";
import type { IpcError } from "../bindings/IpcError";

/** The shell's own status (src-tauri/src/commands/app.rs `AppStatus`). */
export type { AppStatus };

export const appStatus = () => call("app_status");

/** Runs `beforeClose` when the user closes the window, then closes it. */
export async function onWindowClose(beforeClose: () => Promise<void>): Promise<void> {
  const { getCurrentWindow } = await import("@tauri-apps/api/window");
  await getCurrentWindow().onCloseRequested(async () => {
    await beforeClose();
  });
}

/** Tells Rust the window reached a start-up milestone (logged; the list starts the
 * background services). */
export const startupMark = (stage: StartupStage) => call("startup_mark", { stage, pageMs: performance.now() });

/** Remembers the article open in the editor (`null`: none) so the next start reopens it. */
export const rememberOpenArticle = (id: string | null) => call("remember_open_article", { id });

/** Runs `handler` if the database's whole-file check, which a big database gets after the
 * first paint (src-tauri/src/services.rs), finds damage: every write is refused from then on. */
export async function onStoreDamaged(handler: (error: IpcError) => void): Promise<void> {
  const { listen } = await import("@tauri-apps/api/event");
  await listen<IpcError>(EVENTS.STORE_DAMAGED, (event) => handler(event.payload));
}
