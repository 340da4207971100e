// Thin typed layer over Tauri's `invoke`. Every command goes through `call`,
// so callers always receive either the typed result or an `ApiError`.
import { invoke } from "@tauri-apps/api/core";

import type { ApiError } from "./bindings/ApiError";
import type { Diagnostic } from "./bindings/Diagnostic";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Journey } from "./bindings/Journey";
import type { Overview } from "./bindings/Overview";

export type { ApiError, ErrorCode };

// Record keyed by ErrorCode: the compiler flags this list when the generated
// ErrorCode union gains or loses a member.
const ERROR_CODES: Record<ErrorCode, true> = {
  NOT_FOUND: true,
  FORBIDDEN: true,
  INVALID_INPUT: true,
  IN_USE: true,
  IMMUTABLE: true,
  CONFLICT: true,
  STORAGE: true,
  NEWER_DATABASE: true,
  CORRUPT_DATABASE: true,
  NOT_A_WORKSPACE: true,
  SECRET_STORE: true,
  INTERNAL: true,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === "string";
}

/**
 * Normalises anything thrown by `invoke` (or by our own code) into an ApiError.
 * Decisions are made on the structured `code` only, never on message text.
 */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: "INTERNAL", message: e.message || e.name };
  if (typeof e === "string") return { code: "INTERNAL", message: e };
  if (typeof e === "object" && e !== null) {
    const message = (e as Record<string, unknown>).message;
    if (typeof message === "string") return { code: "INTERNAL", message };
  }
  return { code: "INTERNAL", message: "Unexpected error" };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export async function overview(): Promise<Overview> {
  return call<Overview>("overview");
}

export async function getJourney(name: string): Promise<Journey> {
  return call<Journey>("get_journey", { name });
}

export async function validateJourney(name: string): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("validate_journey", { name });
}
