import type { IpcError } from "./IpcError";
export type AppStatus = { version: string, dataDir: string | null, openError: IpcError | null, };
