// The payload parameters derived from the pasted example: one row per leaf, constant
// (the example's value) or variable (filled by the journey). A row is `payload[i]` in
// Rust's diagnostics (`payload[i].path` when the path left the example, `payload[i].value`
// for a constant that looks like a credential, which "Not a secret" keeps).
import { useId } from "react";

import { controlProps, MessageList, useMessages } from "./Messages";
import type { ParamChoice, PayloadRow } from "./payloadParams";
import { NotSecretCheckbox } from "./RowParts";
import { ModeSelect, VariableInputs } from "./VariableInputs";

export function PayloadTable({ rows, onChoice }: { rows: PayloadRow[]; onChoice: (index: number, patch: Partial<ParamChoice>) => void }) {
  if (rows.length === 0) {
    return <p className="cfg-empty" data-testid="payload-empty">No payload parameters: paste a JSON object example above.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="cfg-table" data-testid="payload-table">
        <caption className="cfg-visually-hidden">Payload parameters</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Kind</th>
            <th scope="col">Value or variable</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // A key could hold a dot (`{"a.b": 1}`), so two rows may share a path.
            <PayloadRowView key={`${i}:${row.path}`} index={i} row={row} onChoice={(patch) => onChoice(i, patch)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PayloadRowView({ index, row, onChoice }: { index: number; row: PayloadRow; onChoice: (patch: Partial<ParamChoice>) => void }) {
  const m = useMessages(`payload[${index}].path`);
  const value = useMessages(`payload[${index}].value`);
  const modeId = useId();
  const notSecretId = useId();
  const label = `payload ${row.path}`;
  return (
    <tr data-testid="payload-row" data-path={row.path} data-mode={row.mode}>
      <th scope="row">
        <code>{row.path}</code>
        <MessageList m={m} />
      </th>
      <td>
        <ModeSelect
          value={row.mode}
          label={label}
          testId="payload-mode"
          control={controlProps(modeId, m)}
          onChange={(mode) => onChoice({ mode })}
        />
      </td>
      <td>
        <div className="cfg-payload-value">
          {row.mode === "constant" ? (
            <>
              <code data-testid="payload-constant">{JSON.stringify(row.constant)}</code>
              <NotSecretCheckbox
                checked={row.notSecret}
                label={label}
                control={controlProps(notSecretId, value)}
                onChange={(notSecret) => onChoice({ notSecret })}
              />
            </>
          ) : (
            <VariableInputs value={row.variable} label={label} testPrefix="payload" onChange={(variable) => onChoice({ variable })} />
          )}
        </div>
        <MessageList m={value} />
      </td>
    </tr>
  );
}
