// The designer applies some rules without asking Rust (an activity's output ports, an
// event's example payload). Rust writes every case it knows into rules.json
// (crates/workspace/tests/ui_rules.rs); this checks the TypeScript against each one, so
// the two cannot drift apart.
import { describe, expect, it } from "vitest";

import type { Activity } from "../bindings/Activity";
import type { Field } from "../bindings/Field";
import { outputPorts } from "../canvas/mapping";
import { examplePayload } from "../config/fieldTree";
import rules from "./rules.json";

type Rules = {
  outputPorts: { activity: unknown; ports: string[] }[];
  examplePayloads: { fields: unknown; example: unknown }[];
};

const cases = rules as Rules;

describe("rules written by Rust", () => {
  it("has cases to check", () => {
    expect(cases.outputPorts.length).toBeGreaterThan(0);
    expect(cases.examplePayloads.length).toBeGreaterThan(0);
  });

  it.each(cases.outputPorts.map((c) => [JSON.stringify(c.activity), c] as const))("output ports of %s", (_, c) => {
    expect(outputPorts(c.activity as Activity)).toEqual(c.ports);
  });

  it.each(cases.examplePayloads.map((c, i) => [i, c] as const))("example payload %i", (_, c) => {
    // Rust's case is the field tree's payload alone: a rule leaves it as it is.
    const payload = examplePayload({ fields: c.fields as Field[], recognition: { kind: "rule", condition: "" } });
    expect(payload).toEqual(c.example);
  });
});
