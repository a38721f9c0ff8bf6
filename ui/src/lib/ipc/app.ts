import { call, type IpcError } from "./core";

/** Mirrors `src-tauri/src/commands/app.rs::AppStatus` (the shell's own type). */
export interface AppStatus {
  version: string;
  dataDir: string | null;
  openError: Pick<IpcError, "code" | "message"> | null;
}

export const appStatus = () => call<AppStatus>("app_status");

/** Runs `beforeClose` when the user closes the window, then closes it. */
export async function onWindowClose(beforeClose: () => Promise<void>): Promise<void> {
  const { getCurrentWindow } = await import("@tauri-apps/api/window");
  await getCurrentWindow().onCloseRequested(async () => {
    await beforeClose();
  });
}
