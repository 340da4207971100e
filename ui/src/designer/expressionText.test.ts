import { describe, expect, it } from "vitest";

import { completions, replaceRange, tokenAt } from "./expressionText";

describe("tokenAt", () => {
  it("finds the dotted identifier ending at the cursor", () => {
    expect(tokenAt("size(event.ca", 13)).toEqual({ token: "event.ca", start: 5 });
    expect(tokenAt("a && event.cart.total > 1", 21)).toEqual({ token: "event.cart.total", start: 5 });
    expect(tokenAt("x > ", 4)).toEqual({ token: "", start: 4 });
    expect(tokenAt("", 0)).toEqual({ token: "", start: 0 });
  });
});

describe("completions", () => {
  const paths = ["event.cart", "event.cart.total", "event.email", "actions.send.ok"];
  it("suggests paths continuing the token, not the token itself", () => {
    expect(completions("event.ca", paths)).toEqual(["event.cart", "event.cart.total"]);
    expect(completions("event.cart", paths)).toEqual(["event.cart.total"]);
    expect(completions("", paths)).toEqual([]);
    expect(completions("e", paths, 1)).toEqual(["event.cart"]);
  });
});

describe("replaceRange", () => {
  it("inserts at the cursor or over the selection", () => {
    expect(replaceRange("a >  ", 4, 4, "event.x")).toEqual({ text: "a > event.x ", cursor: 11 });
    expect(replaceRange("size(ev)", 5, 7, "event.cart.items")).toEqual({ text: "size(event.cart.items)", cursor: 21 });
  });
});
