// The journey's time zone (time conditions and waits until a time of day read it): one
// fixed IANA zone, or a text field of the entry event with a fallback zone for people
// whose event lacks a valid one.
import { useId } from "react";

import type { Diagnostic } from "../../bindings/Diagnostic";
import type { TimeZoneSetting } from "../../bindings/TimeZoneSetting";
import { useCatalog, useDesigner } from "../DesignerContext";
import { FieldErrors, invalidProps } from "../inspector/FieldErrors";
import { entryEvent } from "../selectors";
import { timeZoneOf } from "./settingsEdits";
import { stringFieldPaths, timeZoneSuggestions } from "./timeZones";

// One list for the whole app: the runtime's zones do not change while it runs.
const ZONES = timeZoneSuggestions();

function TextField({
  label,
  value,
  onChange,
  list,
  diagnostics,
  path,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  list: string;
  diagnostics: Diagnostic[];
  path: string;
  placeholder?: string;
}) {
  const id = useId();
  const errorsId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-path={path}
        list={list}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        {...invalidProps(errorsId, diagnostics, path)}
      />
      <FieldErrors id={errorsId} diagnostics={diagnostics} path={path} />
    </div>
  );
}

export function TimeZoneField({
  value,
  onChange,
  diagnostics,
}: {
  value: TimeZoneSetting;
  onChange: (value: TimeZoneSetting, field: string) => void;
  diagnostics: Diagnostic[];
}) {
  const name = useId();
  const zonesId = useId();
  const fieldsId = useId();
  const { events } = useCatalog();
  const event = useDesigner(entryEvent);
  const fields = stringFieldPaths(events.find((e) => e.name === event)?.fields ?? []);

  return (
    <fieldset className="choice" data-testid="time-zone">
      <legend>Time zone</legend>
      <div className="choice-row" role="radiogroup" aria-label="Time zone">
        <label className="checkbox">
          <input type="radio" name={name} checked={value.kind === "fixed"} onChange={() => onChange(timeZoneOf("fixed", value), "timeZone.kind")} />
          Fixed zone
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={name}
            checked={value.kind === "fromField"}
            onChange={() => onChange(timeZoneOf("fromField", value), "timeZone.kind")}
          />
          From a field of the entry event
        </label>
      </div>
      <datalist id={zonesId}>
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {value.kind === "fixed" ? (
        <TextField
          label="Zone (IANA)"
          value={value.zone}
          list={zonesId}
          diagnostics={diagnostics}
          path="properties.timeZone.zone"
          placeholder="Europe/Paris"
          onChange={(zone) => onChange({ ...value, zone }, "timeZone.zone")}
        />
      ) : (
        <>
          <datalist id={fieldsId}>
            {fields.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <TextField
            label="Entry event field"
            value={value.path}
            list={fieldsId}
            diagnostics={diagnostics}
            path="properties.timeZone.path"
            placeholder={fields[0] ?? "timezone"}
            onChange={(path) => onChange({ ...value, path }, "timeZone.path")}
          />
          <TextField
            label="Fallback zone (IANA)"
            value={value.fallback}
            list={zonesId}
            diagnostics={diagnostics}
            path="properties.timeZone.fallback"
            placeholder="UTC"
            onChange={(fallback) => onChange({ ...value, fallback }, "timeZone.fallback")}
          />
        </>
      )}
    </fieldset>
  );
}
