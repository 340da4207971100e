import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import {
  addRunner,
  addUser,
  bindSecret,
  checkFixture,
  checkRunner,
  checkTestProfile,
  currentUser,
  deleteFixture,
  deleteSecret,
  deliverNow,
  deleteTestProfile,
  getJourney,
  isApiError,
  journeyRunners,
  listFixtures,
  listPushes,
  listRunners,
  listTestProfiles,
  listUsers,
  overview,
  publishToRunners,
  removeRunner,
  removeUser,
  saveFixture,
  saveTestProfile,
  secretStatus,
  secretsOverview,
  setSecret,
  setUserRole,
  testPayload,
  toApiError,
  unlockSecrets,
  validateJourney,
} from "./api";
import { chooseBundleToImport, exportBundleFromDialog, importBundleFile } from "./files";
import type { Fixture } from "./bindings/Fixture";
import type { TestProfile } from "./bindings/TestProfile";

describe("toApiError", () => {
  it("passes through a structured error from Rust", () => {
    expect(toApiError({ code: "NOT_FOUND", message: "journey 'x' not found" })).toEqual({
      code: "NOT_FOUND",
      message: "journey 'x' not found",
    });
  });

  it("drops extra fields", () => {
    expect(toApiError({ code: "IN_USE", message: "m", extra: 1 })).toEqual({ code: "IN_USE", message: "m" });
  });

  it("maps an unknown code to INTERNAL, keeping the message", () => {
    expect(toApiError({ code: "SOMETHING_NEW", message: "m" })).toEqual({ code: "INTERNAL", message: "m" });
  });

  it("maps Error instances and strings to INTERNAL", () => {
    expect(toApiError(new TypeError("boom"))).toEqual({ code: "INTERNAL", message: "boom" });
    expect(toApiError("Command overview not found")).toEqual({
      code: "INTERNAL",
      message: "Command overview not found",
    });
  });

  it("maps anything else to INTERNAL with a generic message", () => {
    for (const value of [undefined, null, 42, {}, { code: 1 }]) {
      const err = toApiError(value);
      expect(err.code).toBe("INTERNAL");
      expect(err.message).not.toBe("");
    }
  });

  it("recognises ApiError shapes", () => {
    expect(isApiError({ code: "STORAGE", message: "" })).toBe(true);
    expect(isApiError({ code: "STORAGE" })).toBe(false);
    expect(isApiError("STORAGE")).toBe(false);
  });
});

describe("overview", () => {
  beforeEach(() => invoke.mockReset());

  it("invokes the overview command", async () => {
    const data = { databasePath: "/db", journeys: [], events: [], dataSources: [], actions: [] };
    invoke.mockResolvedValueOnce(data);
    await expect(overview()).resolves.toEqual(data);
    expect(invoke).toHaveBeenCalledWith("overview", undefined);
  });

  it("rejects with a normalised ApiError", async () => {
    invoke.mockRejectedValueOnce({ code: "NEWER_DATABASE", message: "upgrade Parcours" });
    await expect(overview()).rejects.toEqual({ code: "NEWER_DATABASE", message: "upgrade Parcours" });

    invoke.mockRejectedValueOnce(new Error("ipc down"));
    await expect(overview()).rejects.toEqual({ code: "INTERNAL", message: "ipc down" });
  });
});

describe("journey commands", () => {
  beforeEach(() => invoke.mockReset());

  it("invokes get_journey and validate_journey with the name", async () => {
    const journey = { name: "j", description: "", versions: [] };
    invoke.mockResolvedValueOnce(journey);
    await expect(getJourney("j")).resolves.toEqual(journey);
    expect(invoke).toHaveBeenLastCalledWith("get_journey", { name: "j" });

    invoke.mockResolvedValueOnce([]);
    await expect(validateJourney("j")).resolves.toEqual([]);
    expect(invoke).toHaveBeenLastCalledWith("validate_journey", { name: "j" });
  });

  it("normalises errors", async () => {
    invoke.mockRejectedValueOnce({ code: "NOT_FOUND", message: "journey 'x' not found" });
    await expect(getJourney("x")).rejects.toEqual({ code: "NOT_FOUND", message: "journey 'x' not found" });
    invoke.mockRejectedValueOnce("boom");
    await expect(validateJourney("x")).rejects.toEqual({ code: "INTERNAL", message: "boom" });
  });
});

describe("test data commands", () => {
  beforeEach(() => invoke.mockReset());

  const fixture: Fixture = {
    target: { kind: "dataSource", source: "orders", group: "byCart" },
    responses: [{ when: 'request.params.cartId == "c-1"', status: 200, body: { paid: true } }],
    latencyMs: 0,
    errorRate: 0,
    timeoutRate: 0,
  };
  const profile: TestProfile = { name: "Gold in Lyon", profileId: "ada@example.com", values: { "customer.tier": "gold" } };

  it("sends each command its argument names", async () => {
    invoke.mockResolvedValue([]);
    await listFixtures();
    expect(invoke).toHaveBeenLastCalledWith("list_fixtures", undefined);
    await checkFixture(fixture);
    expect(invoke).toHaveBeenLastCalledWith("check_fixture", { fixture });
    await saveFixture(fixture);
    expect(invoke).toHaveBeenLastCalledWith("save_fixture", { fixture });
    await deleteFixture(fixture.target);
    expect(invoke).toHaveBeenLastCalledWith("delete_fixture", { target: fixture.target });
    await listTestProfiles();
    expect(invoke).toHaveBeenLastCalledWith("list_test_profiles", undefined);
    await checkTestProfile(profile);
    expect(invoke).toHaveBeenLastCalledWith("check_test_profile", { profile });
    await saveTestProfile(profile);
    expect(invoke).toHaveBeenLastCalledWith("save_test_profile", { profile });
    await deleteTestProfile("Gold in Lyon");
    expect(invoke).toHaveBeenLastCalledWith("delete_test_profile", { name: "Gold in Lyon" });
  });

  it("asks test_payload for the example (profile null) or a profile's payload", async () => {
    invoke.mockResolvedValueOnce({ email: "ada@example.com" });
    await expect(testPayload("cart_abandoned", "Gold in Lyon")).resolves.toEqual({ email: "ada@example.com" });
    expect(invoke).toHaveBeenLastCalledWith("test_payload", { event: "cart_abandoned", profile: "Gold in Lyon" });
    invoke.mockResolvedValueOnce({});
    await testPayload("cart_abandoned", null);
    expect(invoke).toHaveBeenLastCalledWith("test_payload", { event: "cart_abandoned", profile: null });
  });

  it("passes a refusal on as an ApiError", async () => {
    invoke.mockRejectedValueOnce({ code: "INVALID_INPUT", message: "fixture:orders/byCart responses[0].status: 42 is not an HTTP status" });
    await expect(saveFixture(fixture)).rejects.toEqual({
      code: "INVALID_INPUT",
      message: "fixture:orders/byCart responses[0].status: 42 is not an HTTP status",
    });
  });
});

describe("runner commands", () => {
  beforeEach(() => invoke.mockReset());

  it("sends each command its argument names", async () => {
    invoke.mockResolvedValue(null);
    await listRunners();
    expect(invoke).toHaveBeenLastCalledWith("list_runners", undefined);
    await addRunner("local", "http://127.0.0.1:8700", "s3cret");
    expect(invoke).toHaveBeenLastCalledWith("add_runner", { name: "local", url: "http://127.0.0.1:8700", token: "s3cret" });
    await addRunner("local", "http://127.0.0.1:8701", null);
    expect(invoke).toHaveBeenLastCalledWith("add_runner", { name: "local", url: "http://127.0.0.1:8701", token: null });
    await removeRunner("local");
    expect(invoke).toHaveBeenLastCalledWith("remove_runner", { name: "local" });
    await checkRunner("local");
    expect(invoke).toHaveBeenLastCalledWith("check_runner", { name: "local" });
    await journeyRunners("cart_recovery");
    expect(invoke).toHaveBeenLastCalledWith("journey_runners", { name: "cart_recovery" });
    await listPushes(null);
    expect(invoke).toHaveBeenLastCalledWith("list_pushes", { name: null });
    await listPushes("cart_recovery");
    expect(invoke).toHaveBeenLastCalledWith("list_pushes", { name: "cart_recovery" });
    await publishToRunners("cart_recovery", "keepPrevious", ["local", "prod"]);
    expect(invoke).toHaveBeenLastCalledWith("publish_to_runners", {
      name: "cart_recovery",
      drain: "keepPrevious",
      runners: ["local", "prod"],
    });
    await deliverNow();
    expect(invoke).toHaveBeenLastCalledWith("deliver_now", undefined);
  });

  it("passes Rust's refusal of a runner on as an ApiError", async () => {
    invoke.mockRejectedValueOnce({ code: "INVALID_INPUT", message: "runner URL `ftp://x`: use http:// or https:// and a host" });
    await expect(addRunner("local", "ftp://x", null)).rejects.toEqual({
      code: "INVALID_INPUT",
      message: "runner URL `ftp://x`: use http:// or https:// and a host",
    });
  });
});

describe("user commands", () => {
  beforeEach(() => invoke.mockReset());

  it("sends each command its argument names", async () => {
    invoke.mockResolvedValue(null);
    await currentUser();
    expect(invoke).toHaveBeenLastCalledWith("current_user", undefined);
    await listUsers();
    expect(invoke).toHaveBeenLastCalledWith("list_users", undefined);
    await addUser("bea", "business");
    expect(invoke).toHaveBeenLastCalledWith("add_user", { name: "bea", role: "business" });
    await setUserRole("bea", "publisher");
    expect(invoke).toHaveBeenLastCalledWith("set_user_role", { name: "bea", role: "publisher" });
    await removeUser("bea");
    expect(invoke).toHaveBeenLastCalledWith("remove_user", { name: "bea" });
  });

  it("passes the last administrator's refusal on as an ApiError", async () => {
    const refusal = { code: "CONFLICT", message: "ada is the last administrator" };
    invoke.mockRejectedValueOnce(refusal);
    await expect(setUserRole("ada", "viewer")).rejects.toEqual(refusal);
  });
});

describe("secret commands", () => {
  beforeEach(() => invoke.mockReset());

  it("sends each command its argument names, the binding with the value", async () => {
    invoke.mockResolvedValue(null);
    const binding = { origins: ["https://sms.example"], allowHttp: false };
    await setSecret("sms_key", "v", binding);
    expect(invoke).toHaveBeenLastCalledWith("set_secret", { name: "sms_key", value: "v", binding });
    await bindSecret("sms_key", binding);
    expect(invoke).toHaveBeenLastCalledWith("bind_secret", { name: "sms_key", binding });
    await deleteSecret("sms_key");
    expect(invoke).toHaveBeenLastCalledWith("delete_secret", { name: "sms_key" });
    await secretStatus("sms_key");
    expect(invoke).toHaveBeenLastCalledWith("secret_status", { name: "sms_key" });
    await secretsOverview();
    expect(invoke).toHaveBeenLastCalledWith("secrets_overview", undefined);
    await unlockSecrets("pass phrase");
    expect(invoke).toHaveBeenLastCalledWith("unlock_secrets", { passphrase: "pass phrase" });
  });

  it("knows CONFIRMATION_NEEDED", () => {
    expect(isApiError({ code: "CONFIRMATION_NEEDED", message: "m" })).toBe(true);
  });
});

describe("file doors", () => {
  beforeEach(() => invoke.mockReset());

  it("passes the dialog's token, never a path", async () => {
    const choice = { token: "t-1", name: "shop.parcours.json" };
    const preview = { events: 0, dataSources: 1, actions: 0, journeys: 0, originChanges: [] };
    invoke.mockResolvedValueOnce(choice).mockResolvedValueOnce(preview);
    await expect(chooseBundleToImport()).resolves.toEqual({ file: choice, preview });
    expect(invoke).toHaveBeenNthCalledWith(1, "choose_file", { purpose: "open", kind: "bundle", title: "Import a bundle", defaultName: null });
    expect(invoke).toHaveBeenNthCalledWith(2, "preview_import_file", { token: "t-1" });
    invoke.mockResolvedValueOnce({});
    await importBundleFile("t-1", true);
    expect(invoke).toHaveBeenLastCalledWith("import_bundle_file", { token: "t-1", allowOriginChange: true });

    invoke.mockResolvedValueOnce({ token: "t-2", name: "cart.parcours.json" }).mockResolvedValueOnce(null);
    await expect(exportBundleFromDialog("cart")).resolves.toBe("cart.parcours.json");
    expect(invoke).toHaveBeenNthCalledWith(4, "choose_file", { purpose: "save", kind: "bundle", title: "Export cart", defaultName: "cart.parcours.json" });
    expect(invoke).toHaveBeenLastCalledWith("export_bundle_file", { token: "t-2", journey: "cart" });
  });

  it("does nothing more when the dialog is cancelled", async () => {
    invoke.mockResolvedValueOnce(null);
    await expect(chooseBundleToImport()).resolves.toBeNull();
    invoke.mockResolvedValueOnce(null);
    await expect(exportBundleFromDialog()).resolves.toBeNull();
    expect(invoke).toHaveBeenCalledTimes(2);
  });
});
