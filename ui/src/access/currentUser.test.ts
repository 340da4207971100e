import { beforeEach, describe, expect, it, vi } from "vitest";

const currentUser = vi.hoisted(() => vi.fn());
vi.mock("../api", async (original) => ({ ...(await original<typeof import("../api")>()), currentUser }));

const ada = { name: "ada", role: "administrator", permissions: ["readJourneys", "manageUsers"] };

// Each test starts with the module as the app starts: nobody loaded yet.
async function fresh() {
  vi.resetModules();
  return import("./currentUser");
}

describe("the current user", () => {
  beforeEach(() => currentUser.mockReset());

  it("is asked once, however many screens ask", async () => {
    currentUser.mockResolvedValue(ada);
    const { loadCurrentUser } = await fresh();
    const [a, b] = await Promise.all([loadCurrentUser(), loadCurrentUser()]);
    expect(currentUser).toHaveBeenCalledTimes(1);
    expect(a).toEqual({ status: "ready", value: ada });
    expect(b).toBe(a);
  });

  it("says why when Rust could not answer, and is asked again on reload", async () => {
    currentUser.mockRejectedValueOnce({ code: "STORAGE", message: "database is locked" }).mockResolvedValueOnce(ada);
    const { loadCurrentUser, reloadCurrentUser } = await fresh();
    expect(await loadCurrentUser()).toEqual({ status: "error", error: { code: "STORAGE", message: "database is locked" } });
    expect(await reloadCurrentUser()).toEqual({ status: "ready", value: ada });
    // Later screens get the answer of the reload.
    expect(await loadCurrentUser()).toEqual({ status: "ready", value: ada });
    expect(currentUser).toHaveBeenCalledTimes(2);
  });
});
