import type { ErrorCode } from "./ErrorCode";

export type ApiError = { code: ErrorCode, message: string, };
