// Publishing, confirmed: says what is frozen (the version with the events, data sources
// and actions it uses, as they are now) and asks what happens to the version live until
// now (closed, or kept running until the people in it have left).
import { useId, useState } from "react";

import { publishJourney, toApiError, type ApiError } from "../api";
import type { Drain } from "../bindings/Drain";
import type { Journey } from "../bindings/Journey";
import type { PublishOutcome } from "../bindings/PublishOutcome";
import { latestVersion } from "../canvas/mapping";
import { useDesigner } from "../designer/DesignerContext";
import { Dialog } from "../Dialog";
import { DialogActions } from "../DialogActions";
import { frozenParts } from "./model";

function List({ label, names }: { label: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <li>
      {label}: {names.map((n, i) => (
        <span key={n}>
          {i > 0 && ", "}
          <code>{n}</code>
        </span>
      ))}
    </li>
  );
}

export function PublishDialog({
  journey,
  onPublished,
  onClose,
}: {
  journey: Journey;
  onPublished: (outcome: PublishOutcome) => void;
  onClose: () => void;
}) {
  const draft = latestVersion(journey);
  // The activities as edited now (saved by the autosave before this opens), not as loaded.
  const nodes = useDesigner((s) => s.nodes);
  const live = journey.versions.filter((v) => v.status === "live").map((v) => v.version);
  const [drain, setDrain] = useState<Drain>("closePrevious");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const name = useId();
  if (draft === undefined) return null;
  const parts = frozenParts(nodes, draft.data);
  const previous = live.map((v) => `v${v}`).join(", ");

  const publish = () => {
    setBusy(true);
    setError(null);
    publishJourney(journey.name, drain).then(
      (outcome) => {
        setBusy(false);
        onPublished(outcome);
      },
      (e: unknown) => {
        setBusy(false);
        setError(toApiError(e));
      },
    );
  };

  return (
    <Dialog title={`Publish ${journey.name} v${draft.version}`} onClose={onClose} testId="publish-dialog">
      <div className="dialog-body">
        <p>
          Publishing freezes v{draft.version} with what it uses, as it is now. Later changes to these go into the next
          version, never into this one.
        </p>
        <ul className="frozen-parts" data-testid="frozen-parts">
          <List label="Events" names={parts.events} />
          <List label="Data sources" names={parts.dataSources} />
          <List label="Actions" names={parts.actions} />
        </ul>
        {live.length > 0 && (
          <fieldset className="drain-choice">
            <legend>People in {previous}</legend>
            <label>
              <input
                type="radio"
                name={name}
                data-testid="drain-close"
                checked={drain === "closePrevious"}
                onChange={() => setDrain("closePrevious")}
              />{" "}
              Close {previous}: nobody new enters it; the people inside finish there.
            </label>
            <label>
              <input
                type="radio"
                name={name}
                data-testid="drain-keep"
                checked={drain === "keepPrevious"}
                onChange={() => setDrain("keepPrevious")}
              />{" "}
              Keep {previous} live beside v{draft.version} until the people in it have left.
            </label>
            <p className="hint">Either way, new people enter v{draft.version}.</p>
          </fieldset>
        )}
      </div>
      <DialogActions confirmLabel="Publish" tone="primary" busy={busy} error={error} onConfirm={publish} onClose={onClose} />
    </Dialog>
  );
}
