// Thin typed layer over Tauri's `invoke`. Every command goes through `call`,
// so callers always receive either the typed result or an `ApiError`.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

import type { ApiError } from "./bindings/ApiError";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { CurrentUser } from "./bindings/CurrentUser";
import type { CustomAction } from "./bindings/CustomAction";
import type { Diagnostic } from "./bindings/Diagnostic";
import type { Drain } from "./bindings/Drain";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Event } from "./bindings/Event";
import type { Field } from "./bindings/Field";
import type { Fixture } from "./bindings/Fixture";
import type { FixtureTarget } from "./bindings/FixtureTarget";
import type { Journey } from "./bindings/Journey";
import type { JourneyHelp } from "./bindings/JourneyHelp";
import type { Overview } from "./bindings/Overview";
import type { PublishOutcome } from "./bindings/PublishOutcome";
import type { PushInfo } from "./bindings/PushInfo";
import type { Role } from "./bindings/Role";
import type { RunnerCheck } from "./bindings/RunnerCheck";
import type { RunnerInfo } from "./bindings/RunnerInfo";
import type { SecretBinding } from "./bindings/SecretBinding";
import type { SecretStatus } from "./bindings/SecretStatus";
import type { SecretStoreKind } from "./bindings/SecretStoreKind";
import type { SecretsOverview } from "./bindings/SecretsOverview";
import type { SessionView } from "./bindings/SessionView";
import type { SimulationResult } from "./bindings/SimulationResult";
import type { TestProfile } from "./bindings/TestProfile";
import type { UserInfo } from "./bindings/UserInfo";
import type { VersionDiff } from "./bindings/VersionDiff";
import type { VersionInfo } from "./bindings/VersionInfo";

export type { ApiError, ErrorCode };

// Record keyed by ErrorCode: the compiler flags this list when the generated
// ErrorCode union gains or loses a member.
const ERROR_CODES: Record<ErrorCode, true> = {
  NOT_FOUND: true,
  FORBIDDEN: true,
  INVALID_INPUT: true,
  VALIDATION_FAILED: true,
  IN_USE: true,
  IMMUTABLE: true,
  CONFLICT: true,
  STORAGE: true,
  NEWER_DATABASE: true,
  CORRUPT_DATABASE: true,
  NOT_A_WORKSPACE: true,
  SECRET_STORE: true,
  CONFIRMATION_NEEDED: true,
  UNREACHABLE: true,
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

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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

/** Creates an empty draft journey (version 1, no activities). CONFLICT if the name is taken. */
export async function createJourney(name: string, description: string): Promise<Journey> {
  return call<Journey>("create_journey", { name, description });
}

/** Saves a journey (its draft version); returns the journey's diagnostics after the save. */
export async function saveJourney(journey: Journey): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("save_journey", { journey });
}

/** Validates an unsaved journey against the workspace's configurations (as you type). */
export async function validateDraft(journey: Journey): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("validate_draft", { journey });
}

/** For an unsaved journey: each activity's ports and fields in scope, and the expression functions. */
export async function journeyHelp(journey: Journey): Promise<JourneyHelp> {
  return call<JourneyHelp>("journey_help", { journey });
}

/** The example payload Rust builds for a field tree (the one the simulator sends). */
export async function examplePayloadOf(fields: Field[]): Promise<unknown> {
  return call<unknown>("example_payload", { fields });
}

export async function duplicateJourney(name: string, newName: string): Promise<Journey> {
  return call<Journey>("duplicate_journey", { name, newName });
}

export async function deleteJourney(name: string): Promise<void> {
  return call<void>("delete_journey", { name });
}

export async function listEvents(): Promise<Event[]> {
  return call<Event[]>("list_events");
}

/** Saves an event definition; returns its diagnostics (the same Rust validation as everywhere). */
export async function saveEvent(event: Event): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("save_event", { event });
}

/** Validates an event definition without saving it. */
export async function checkEvent(event: Event): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("check_event", { event });
}

export async function deleteEvent(name: string): Promise<void> {
  return call<void>("delete_event", { name });
}

export async function listActions(): Promise<CustomAction[]> {
  return call<CustomAction[]>("list_actions");
}

export async function saveAction(action: CustomAction): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("save_action", { action });
}

/** Validates a custom action without saving it. */
export async function checkAction(action: CustomAction): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("check_action", { action });
}

export async function deleteAction(name: string): Promise<void> {
  return call<void>("delete_action", { name });
}

// --- Secrets: values go in and never come back --------------------------------

/**
 * Stores a secret (password, token, API key) with the origins it may be sent to; answers
 * where it was kept (the OS keychain, or the encrypted secrets file without one). The
 * value never comes back. INVALID_INPUT names a bad origin; SECRET_STORE when the store
 * refuses (a locked secrets file).
 */
export async function setSecret(name: string, value: string, binding: SecretBinding): Promise<SecretStoreKind> {
  return call<SecretStoreKind>("set_secret", { name, value, binding });
}

/** Changes where a stored secret may go, keeping its value. NOT_FOUND when it is not set. */
export async function bindSecret(name: string, binding: SecretBinding): Promise<void> {
  return call<void>("bind_secret", { name, binding });
}

export async function deleteSecret(name: string): Promise<void> {
  return call<void>("delete_secret", { name });
}

/** Whether a secret is set, where, where it may go, who sends it, and what its binding refuses. */
export async function secretStatus(name: string): Promise<SecretStatus> {
  return call<SecretStatus>("secret_status", { name });
}

/** Where this machine keeps secrets (the keychain, or why not), and every secret named. */
export async function secretsOverview(): Promise<SecretsOverview> {
  return call<SecretsOverview>("secrets_overview");
}

/** Opens the encrypted secrets file for this run. SECRET_STORE on a wrong passphrase. */
export async function unlockSecrets(passphrase: string): Promise<void> {
  return call<void>("unlock_secrets", { passphrase });
}

/** The saved fixtures: how each action and data source field group answers in test mode. */
export async function listFixtures(): Promise<Fixture[]> {
  return call<Fixture[]>("list_fixtures");
}

/** Validates a fixture without saving it (against the saved actions and data sources). */
export async function checkFixture(fixture: Fixture): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("check_fixture", { fixture });
}

/** Saves (or replaces) the fixture of its target. INVALID_INPUT when it has errors. */
export async function saveFixture(fixture: Fixture): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("save_fixture", { fixture });
}

/** Removes a target's fixture: its configured response example answers again. */
export async function deleteFixture(target: FixtureTarget): Promise<void> {
  return call<void>("delete_fixture", { target });
}

/** The saved test profiles: the named people test events come from. */
export async function listTestProfiles(): Promise<TestProfile[]> {
  return call<TestProfile[]>("list_test_profiles");
}

/** Validates a test profile without saving it. */
export async function checkTestProfile(profile: TestProfile): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("check_test_profile", { profile });
}

/** Saves (or replaces, by name) a test profile. INVALID_INPUT when it has errors. */
export async function saveTestProfile(profile: TestProfile): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("save_test_profile", { profile });
}

export async function deleteTestProfile(name: string): Promise<void> {
  return call<void>("delete_test_profile", { name });
}

/**
 * The payload a test event of `event` starts from: its example, with the test profile's
 * id and values put in when `profile` names one (Rust applies it, as the simulator does).
 */
export async function testPayload(event: string, profile: string | null): Promise<unknown> {
  return call<unknown>("test_payload", { event, profile });
}

/**
 * Runs test events through the saved journey in the simulator, to completion, with the
 * bundle's fixtures. `events` is JSONL: one `{"at", "event", "payload"}` object per line.
 */
export async function runTestEvents(journey: string, events: string, realCalls = false): Promise<SimulationResult> {
  return call<SimulationResult>("run_test_events", { journey, events, realCalls });
}

/** Opens a step-by-step test session on the saved journey (replaces an open one). */
export async function startTestSession(journey: string, realCalls: boolean): Promise<SessionView> {
  return call<SessionView>("start_test_session", { journey, realCalls });
}

/** Queues test events (JSONL) in the open session; they happen when the clock reaches them. */
export async function sessionPushEvents(events: string): Promise<SessionView> {
  return call<SessionView>("session_push_events", { events });
}

/** Processes the next queued thing (an event, a timer, an answer). */
export async function sessionStep(): Promise<SessionView> {
  return call<SessionView>("session_step");
}

/** Runs until the next timer has fired (a wait ends, a reaction times out). */
export async function sessionNextTimer(): Promise<SessionView> {
  return call<SessionView>("session_next_timer");
}

/** Moves the virtual clock to `to` (ISO 8601), running everything due on the way. */
export async function sessionAdvance(to: string): Promise<SessionView> {
  return call<SessionView>("session_advance", { to });
}

/** Runs until nothing is left to happen. */
export async function sessionRun(): Promise<SessionView> {
  return call<SessionView>("session_run");
}

/**
 * Queues `event` from `person` (waiting in a reaction) at `at` (null: the session's
 * now); `payload` null sends the event's example. Rust puts the person's id in it.
 */
export async function sessionSendReaction(
  person: string,
  event: string,
  at: string | null,
  payload: Record<string, unknown> | null,
): Promise<SessionView> {
  return call<SessionView>("session_send_reaction", { person, event, at, payload });
}

/** Ends the open test session (a no-op when none is open). */
export async function closeTestSession(): Promise<void> {
  return call<void>("close_test_session");
}

// --- The publish lifecycle ----------------------------------------------------

/** Every version of a journey: state, who published it when, its release's hash. */
export async function journeyVersions(name: string): Promise<VersionInfo[]> {
  return call<VersionInfo[]>("journey_versions", { name });
}

/** Publishes the journey's draft. VALIDATION_FAILED while it has errors. */
export async function publishJourney(name: string, drain: Drain): Promise<PublishOutcome> {
  return call<PublishOutcome>("publish_journey", { name, drain });
}

/** Starts a draft from the latest version; returns its number. */
export async function newVersion(name: string): Promise<number> {
  return call<number>("new_version", { name });
}

export type LifecycleMove = "close" | "stop" | "pause" | "resume";

/** Closes, stops, pauses or resumes a journey; returns the versions it moved. */
export async function moveJourney(name: string, move: LifecycleMove): Promise<number[]> {
  return call<number[]>(`${move}_journey`, { name });
}

export async function diffVersions(name: string, from: number, to: number): Promise<VersionDiff> {
  return call<VersionDiff>("diff_versions", { name, from, to });
}

/** Publishes version `to`'s release again as a new version. */
export async function rollbackJourney(name: string, to: number, drain: Drain): Promise<PublishOutcome> {
  return call<PublishOutcome>("rollback_journey", { name, to, drain });
}

/** The audit log, oldest first; of one journey when named. */
export async function auditLog(name?: string): Promise<AuditEntry[]> {
  return call<AuditEntry[]>("audit_log", { name: name ?? null });
}

// --- Runners and pushes -------------------------------------------------------

/** The workspace's runners: name, URL, and where the token comes from (never the token). */
export async function listRunners(): Promise<RunnerInfo[]> {
  return call<RunnerInfo[]>("list_runners");
}

/**
 * Adds a runner, or points an existing one at a new URL. A token goes to the OS keychain;
 * `null` keeps the one there (or reads PARCOURS_RUNNER_TOKEN_<NAME>). INVALID_INPUT names
 * the field (name, URL, token) that Rust refused; SECRET_STORE when the keychain refuses.
 */
export async function addRunner(name: string, url: string, token: string | null): Promise<RunnerInfo> {
  return call<RunnerInfo>("add_runner", { name, url, token });
}

/** Forgets a runner, its token and the pushes still queued for it. */
export async function removeRunner(name: string): Promise<void> {
  return call<void>("remove_runner", { name });
}

/** "Test connection": reachable, version, the token's name and scopes, and what is wrong. */
export async function checkRunner(name: string): Promise<RunnerCheck> {
  return call<RunnerCheck>("check_runner", { name });
}

/** The runners a journey is published to (the publish dialog's default choice). */
export async function journeyRunners(name: string): Promise<string[]> {
  return call<string[]>("journey_runners", { name });
}

/** Pushes to runners, newest first: of one journey, or of all when `name` is null. */
export async function listPushes(name: string | null): Promise<PushInfo[]> {
  return call<PushInfo[]>("list_pushes", { name });
}

/**
 * Publishes the journey's draft and queues its release for `runners`, which the journey
 * remembers for its later moves (`publishJourney` sends to the remembered ones).
 */
export async function publishToRunners(name: string, drain: Drain, runners: string[]): Promise<PublishOutcome> {
  return call<PublishOutcome>("publish_to_runners", { name, drain, runners });
}

/** Wakes the background sender: queued pushes that are due go out now. */
export async function deliverNow(): Promise<void> {
  return call<void>("deliver_now");
}

/** The event the sender emits after each delivery round (no payload). */
export const PUSHES_CHANGED = "pushes-changed";

/** Calls `handler` after each delivery round; resolves to the function that stops it. */
export async function onPushesChanged(handler: () => void): Promise<() => void> {
  const unlisten = await listen<unknown>(PUSHES_CHANGED, () => handler());
  // Stopping can fail once the window is closing; there is nothing left to stop then.
  return () => void Promise.resolve(unlisten()).catch(() => {});
}

// --- Users and roles ----------------------------------------------------------

/** Who is working and what they may do: the screens adapt to `permissions`. */
export async function currentUser(): Promise<CurrentUser> {
  return call<CurrentUser>("current_user");
}

/** The workspace's users with their roles (needs manageUsers). */
export async function listUsers(): Promise<UserInfo[]> {
  return call<UserInfo[]>("list_users");
}

/** Adds a person who may open the workspace. CONFLICT if they are a user already. */
export async function addUser(name: string, role: Role): Promise<void> {
  return call<void>("add_user", { name, role });
}

/** Changes a role. CONFLICT when it would leave the workspace without an administrator. */
export async function setUserRole(name: string, role: Role): Promise<void> {
  return call<void>("set_user_role", { name, role });
}

/** Removes a user. CONFLICT when they are the last administrator. */
export async function removeUser(name: string): Promise<void> {
  return call<void>("remove_user", { name });
}
