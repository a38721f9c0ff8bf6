// The one place that talks to the Rust side. Screens import the typed functions of
// `ipc/<domain>.ts`, never `@tauri-apps/api` itself.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { Commands, RawBodyCommands } from "./commands";
import type { Said } from "../bindings/Said";
import { say } from "../i18n";

/** How every failed command arrives: a code the UI can branch on, a message to show (in
 * the interface language where Rust sent a translatable `said`). */
export class IpcError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }
}

function isErrorShape(value: unknown): value is { code: ErrorCode; message: string; said?: Said } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Turns whatever a rejected invoke carried into an IpcError. */
export function toIpcError(raw: unknown): IpcError {
  if (raw instanceof IpcError) return raw;
  if (isErrorShape(raw)) return new IpcError(raw.code, raw.said ? say(raw.said) : raw.message);
  if (raw instanceof Error) return new IpcError("internal", raw.message);
  return new IpcError("internal", String(raw));
}

/** The arguments a command takes: none, or one object of exactly its named arguments. */
export type ArgsOf<K extends keyof Commands> = Commands[K]["args"] extends null ? [] : [args: Commands[K]["args"]];

/** Calls a command by its Rust name; arguments and result are typed from `./commands.ts`
 * (generated from the Rust signatures). Rejects with IpcError only. */
export async function call<K extends keyof Commands>(
  command: K,
  ...args: ArgsOf<K>
): Promise<Commands[K]["result"]> {
  try {
    return await tauriInvoke<Commands[K]["result"]>(command, args[0] ?? undefined);
  } catch (raw) {
    throw toIpcError(raw);
  }
}

/** Calls a command with a raw byte body (file contents) and string headers. */
export async function callWithBytes<K extends keyof RawBodyCommands>(
  command: K,
  bytes: Uint8Array,
  headers: Record<string, string>,
): Promise<RawBodyCommands[K]["result"]> {
  try {
    return await tauriInvoke<RawBodyCommands[K]["result"]>(command, bytes, { headers });
  } catch (raw) {
    throw toIpcError(raw);
  }
}
