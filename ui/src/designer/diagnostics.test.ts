import { describe, expect, it } from "vitest";

import type { Diagnostic } from "../bindings/Diagnostic";
import { atPath, countErrors, errorsFirst, groupByNode, notAt } from "./diagnostics";

const d = (node: string | undefined, path: string, severity: Diagnostic["severity"] = "error"): Diagnostic => ({
  object: "journey:j",
  node,
  path,
  code: severity === "error" ? "E_EXPR_SYNTAX" : "W_TOO_MANY_ACTIVITIES",
  severity,
  message: `${node} ${path}`,
});

describe("groupByNode", () => {
  it("groups by node and skips journey-level diagnostics", () => {
    const a = d("a", "activity");
    const b = d("b", "activity.event");
    expect(groupByNode([a, b, d(undefined, "")])).toEqual({ a: [a], b: [b] });
  });

  it("reuses the previous array of a node whose diagnostics did not change", () => {
    const first = groupByNode([d("a", "activity"), d("b", "activity")]);
    const second = groupByNode([d("a", "activity"), d("b", "activity.event")], first);
    expect(second.a).toBe(first.a);
    expect(second.b).not.toBe(first.b);
  });
});

describe("helpers", () => {
  it("sorts errors first, counts errors, splits by path", () => {
    const w = d("a", "activity", "warning");
    const e = d("a", "activity.event");
    expect(errorsFirst([w, e])).toEqual([e, w]);
    expect(countErrors([w, e])).toBe(1);
    expect(atPath([w, e], "activity.event")).toEqual([e]);
    expect(notAt([w, e], new Set(["activity.event"]))).toEqual([w]);
  });
});
