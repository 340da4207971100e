// Headers or query parameters of an action: a name and either a constant value or a
// variable the journey fills. Rows are paths `headers[i].…` / `query[i].…` for Rust's
// diagnostics (a credential written as a constant is reported on `headers[i].value`;
// "Not a secret" keeps a constant that only looks like one).
import { useId } from "react";

import { newParam, type NamedParam } from "./actionDraft";
import { nextKey } from "./keys";
import { controlProps, useMessages } from "./Messages";
import { NotSecretCheckbox, RowList, RowNameInput, RowShell } from "./RowParts";
import { ModeSelect, VariableInputs } from "./VariableInputs";

type List = "headers" | "query";
const NOUN: Record<List, string> = { headers: "header", query: "query parameter" };

export function ParamRowsEditor({ list, rows, onChange }: { list: List; rows: NamedParam[]; onChange: (rows: NamedParam[]) => void }) {
  const noun = NOUN[list];
  const update = (i: number, patch: Partial<NamedParam>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="cfg-params">
      <RowList
        count={rows.length}
        empty={`No ${noun}s.`}
        addLabel={`Add ${noun}`}
        addTestId={`add-${list}`}
        onAdd={() => onChange([...rows, newParam(nextKey())])}
      >
        {rows.map((row, i) => (
          <ParamRow
            key={row.key}
            list={list}
            index={i}
            row={row}
            noun={noun}
            onChange={(patch) => update(i, patch)}
            onRemove={() => onChange(rows.filter((_, j) => j !== i))}
          />
        ))}
      </RowList>
    </div>
  );
}

function ParamRow({
  list,
  index,
  row,
  noun,
  onChange,
  onRemove,
}: {
  list: List;
  index: number;
  row: NamedParam;
  noun: string;
  onChange: (patch: Partial<NamedParam>) => void;
  onRemove: () => void;
}) {
  const base = `${list}[${index}]`;
  const name = useMessages(`${base}.name`);
  const value = useMessages(`${base}.value`);
  const valueId = useId();
  const label = `${noun} ${row.name || index + 1}`;
  return (
    <RowShell data-testid="param-row" data-list={list} data-name={row.name} label={label} removeTestId="param-remove" onRemove={onRemove} messages={[name, value]}>
      <RowNameInput m={name} label={label} value={row.name} autoComplete="off" data-testid="param-name" onChange={(name) => onChange({ name })} />
      <ModeSelect value={row.mode} label={label} testId="param-mode" onChange={(mode) => onChange({ mode })} />
      {row.mode === "constant" ? (
        <>
          <input
            {...controlProps(valueId, value)}
            className="cfg-input cfg-code"
            aria-label={`Value of ${label}`}
            placeholder="value, or {{secret:NAME}}"
            // A saved constant may be any JSON value; it is edited as text.
            value={typeof row.constant === "string" ? row.constant : JSON.stringify(row.constant)}
            spellCheck={false}
            data-testid="param-value"
            onChange={(e) => onChange({ constant: e.target.value })}
          />
          <NotSecretCheckbox checked={row.notSecret} label={label} onChange={(notSecret) => onChange({ notSecret })} />
        </>
      ) : (
        <VariableInputs value={row.variable} label={label} testPrefix="param" onChange={(variable) => onChange({ variable })} />
      )}
    </RowShell>
  );
}
