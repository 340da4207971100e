import { describe, expect, it } from "vitest";

import { originOf, sameOrigins, withOrigin } from "./origins";

describe("originOf", () => {
  it("keeps scheme, host and a port other than the default", () => {
    expect(originOf("https://api.example.com:443/v1/orders?x=1")).toBe("https://api.example.com");
    expect(originOf(" http://127.0.0.1:8080/hook ")).toBe("http://127.0.0.1:8080");
    expect(originOf("HTTPS://API.Example.com/")).toBe("https://api.example.com");
  });

  it("has none for what is not an http(s) URL", () => {
    expect(originOf("")).toBeNull();
    expect(originOf("api.example.com/v1")).toBeNull();
    expect(originOf("ftp://example.com")).toBeNull();
    expect(originOf("not a url")).toBeNull();
  });
});

describe("origin lists", () => {
  it("adds an origin once", () => {
    expect(withOrigin(["https://a.example"], "https://b.example")).toEqual(["https://a.example", "https://b.example"]);
    expect(withOrigin(["https://a.example"], "https://a.example")).toEqual(["https://a.example"]);
  });

  it("compares without order", () => {
    expect(sameOrigins(["https://a.example", "https://b.example"], ["https://b.example", "https://a.example"])).toBe(true);
    expect(sameOrigins(["https://a.example"], ["https://a.example", "https://b.example"])).toBe(false);
  });
});
