// The journey's properties beside the canvas, in place of the inspector: description and
// tags, re-entrance, global timeout, time zone, start and end dates, and the data
// lookups. Edits go through the designer store like canvas edits (undo, autosave, live
// validation); Rust's diagnostics for `properties.…` and `data[…]` show under their
// field. Read-only with the reason when the version is published or the role may not
// manage journeys.
import { useId, useMemo } from "react";

import { useDesigner, useDesignerStore } from "../DesignerContext";
import type { Settings } from "../draft";
import { DurationInput } from "../inspector/DurationInput";
import { DataLookups } from "./DataLookups";
import { DateWindowFields } from "./DateWindowFields";
import { ReentranceField } from "./ReentranceField";
import { settingsDiagnostics } from "./settingsEdits";
import { TagsField } from "./TagsField";
import { TimeZoneField } from "./TimeZoneField";

export function PropertiesPanel({ id, readOnlyReason }: { id?: string; readOnlyReason: string | null }) {
  const store = useDesignerStore();
  const settings = useDesigner((s) => s.settings);
  const all = useDesigner((s) => s.diagnostics);
  const diagnostics = useMemo(() => settingsDiagnostics(all), [all]);
  const headingId = useId();
  const descriptionId = useId();
  const reasonId = useId();
  const update = (patch: Partial<Settings>, field: string) => store.getState().updateSettings(patch, field);
  const { properties } = settings;
  const setProperties = (next: Settings["properties"], field: string) => update({ properties: next }, `properties.${field}`);

  return (
    <section id={id} className="inspector properties-panel" data-testid="properties-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Journey properties</h3>
      {readOnlyReason !== null && (
        <p className="read-only-note" id={reasonId} role="note" data-testid="properties-read-only">
          {readOnlyReason}
        </p>
      )}
      <fieldset className="inspector-form" disabled={readOnlyReason !== null} aria-describedby={readOnlyReason !== null ? reasonId : undefined}>
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea
            id={descriptionId}
            data-testid="journey-description"
            rows={2}
            value={settings.description}
            onChange={(e) => update({ description: e.target.value }, "description")}
          />
        </div>
        <TagsField tags={settings.tags} onChange={(tags) => update({ tags }, "tags")} />
        <ReentranceField
          value={properties.reentrance}
          diagnostics={diagnostics}
          onChange={(reentrance, field) => setProperties({ ...properties, reentrance }, field)}
        />
        <DurationInput
          label="Global timeout (a person still inside is removed)"
          seconds={properties.globalTimeoutSeconds}
          diagnostics={diagnostics}
          path="properties.globalTimeoutSeconds"
          onChange={(globalTimeoutSeconds) => setProperties({ ...properties, globalTimeoutSeconds }, "globalTimeoutSeconds")}
        />
        <TimeZoneField
          value={properties.timeZone}
          diagnostics={diagnostics}
          onChange={(timeZone, field) => setProperties({ ...properties, timeZone }, field)}
        />
        <DateWindowFields properties={properties} diagnostics={diagnostics} onChange={setProperties} />
        <DataLookups data={settings.data} diagnostics={diagnostics} onChange={(data, field) => update({ data }, field)} />
      </fieldset>
    </section>
  );
}
