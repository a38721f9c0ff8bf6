import type { ErrorCode } from "./ErrorCode";
import type { Said } from "./Said";
export type IpcError = { code: ErrorCode, message: string, said?: Said, };
