import { call } from "./core";
import type { AppStatus } from "../bindings/AppStatus";

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
