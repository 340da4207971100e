import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import { getJourney, isApiError, overview, toApiError, validateJourney } from "./api";

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
