import { describe, expect, it } from "vitest";

import type { Diagnostic } from "../bindings/Diagnostic";
import {
  countBySeverity,
  fromDiagnostics,
  fromShapeProblems,
  indexByPath,
  normalizePath,
  pathAndAncestors,
} from "./diagnostics";

const diag = (path: string, code: Diagnostic["code"] = "E_INVALID_NAME"): Diagnostic => ({
  object: "event:x",
  path,
  code,
  severity: code.startsWith("W_") ? "warning" : "error",
  message: `bad ${path}`,
});

describe("paths", () => {
  it("puts Rust's bracketed indices and dotted indices in one form", () => {
    expect(normalizePath("fields[2].fields[0].name")).toBe("fields.2.fields.0.name");
    expect(normalizePath("fields.2.fields.0.name")).toBe("fields.2.fields.0.name");
    expect(normalizePath("[1].x")).toBe("1.x");
    expect(normalizePath("url")).toBe("url");
  });

  it("lists a path and its ancestors, nearest first", () => {
    expect(pathAndAncestors("fields[0].fields[1].name")).toEqual([
      "fields.0.fields.1.name",
      "fields.0.fields.1",
      "fields.0.fields",
      "fields.0",
      "fields",
    ]);
  });
});

describe("messages", () => {
  it("indexes diagnostics and shape problems by normalized path", () => {
    const messages = [
      ...fromDiagnostics([diag("fields[1].name"), diag("fields[1].name", "E_DUPLICATE_FIELD"), diag("url", "W_LARGE_EXAMPLE")]),
      ...fromShapeProblems({ timeoutMs: "Enter a whole number" }),
    ];
    const index = indexByPath(messages);
    expect(index.get("fields.1.name")?.map((m) => m.code)).toEqual(["E_INVALID_NAME", "E_DUPLICATE_FIELD"]);
    expect(index.get("timeoutMs")).toEqual([{ path: "timeoutMs", severity: "error", text: "Enter a whole number" }]);
    expect(countBySeverity(messages)).toEqual({ errors: 3, warnings: 1 });
  });
});
