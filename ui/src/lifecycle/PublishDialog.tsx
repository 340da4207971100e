// Publishing, confirmed: says what is frozen (the version with the events, data sources
// and actions it uses, as they are now), asks what happens to the version live until
// now (closed, or kept running until the people in it have left), and which runners
// receive it (those the journey was published to are checked first).
import { useEffect, useId, useState } from "react";

import { journeyRunners, listRunners, publishJourney, publishToRunners, toApiError, type ApiError } from "../api";
import type { Drain } from "../bindings/Drain";
import type { Journey } from "../bindings/Journey";
import type { PublishOutcome } from "../bindings/PublishOutcome";
import type { RunnerInfo } from "../bindings/RunnerInfo";
import { latestVersion } from "../canvas/mapping";
import { useDesigner } from "../designer/DesignerContext";
import { Dialog } from "../Dialog";
import { DialogActions } from "../DialogActions";
import { sortByName } from "../model";
import { chosenRunners, preChecked, tokenSource } from "../runners/model";
import { frozenParts } from "./model";

/**
 * The runners to choose from. Until both lists are in, or when either could not be read,
 * publishing goes to the journey's remembered runners (`publish_journey`), which is
 * what the choice would have started from.
 */
type RunnerChoice =
  | { status: "loading" }
  | { status: "unavailable"; error: ApiError }
  | { status: "ready"; runners: RunnerInfo[]; checked: Set<string> };

function useRunnerChoice(journey: string) {
  const [choice, setChoice] = useState<RunnerChoice>({ status: "loading" });
  useEffect(() => {
    let current = true;
    Promise.all([listRunners().then(sortByName), journeyRunners(journey)]).then(
      ([runners, remembered]) => {
        if (current) setChoice({ status: "ready", runners, checked: new Set(preChecked(runners, remembered)) });
      },
      (e: unknown) => {
        if (current) setChoice({ status: "unavailable", error: toApiError(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [journey]);
  const toggle = (name: string, on: boolean) =>
    setChoice((c) => {
      if (c.status !== "ready") return c;
      const checked = new Set(c.checked);
      if (on) checked.add(name);
      else checked.delete(name);
      return { ...c, checked };
    });
  return { choice, toggle };
}

function RunnersChoice({ choice, toggle }: ReturnType<typeof useRunnerChoice>) {
  if (choice.status === "loading") {
    return (
      <p className="hint" role="status" data-testid="publish-runners-loading">
        Listing the runners…
      </p>
    );
  }
  if (choice.status === "unavailable") {
    return (
      <p className="hint" data-testid="publish-runners-unavailable">
        The runners could not be listed ({choice.error.code}: {choice.error.message}): the release goes to the runners
        this journey was last published to, if any.
      </p>
    );
  }
  if (choice.runners.length === 0) {
    return (
      <p className="hint" data-testid="publish-no-runners">
        No runners in this workspace: the version is published here only. Add one under Runners on the home screen to
        send journeys to it.
      </p>
    );
  }
  return (
    <fieldset className="drain-choice" data-testid="publish-runners">
      <legend>Runners</legend>
      {choice.runners.map((r) => {
        const token = tokenSource(r.token);
        return (
          <label key={r.name}>
            <input
              type="checkbox"
              data-testid="publish-runner"
              data-name={r.name}
              checked={choice.checked.has(r.name)}
              onChange={(e) => toggle(r.name, e.target.checked)}
            />{" "}
            <strong>{r.name}</strong> <code>{r.url}</code>
            {token.missing && <span className="token-source token-missing"> ⚠ {token.label}</span>}
          </label>
        );
      })}
      <p className="hint">
        Each checked runner receives this version, now or, while it cannot be reached, as soon as it can. The
        journey's later pauses, closes and stops go to the same runners.
      </p>
    </fieldset>
  );
}

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
  const runners = useRunnerChoice(journey.name);
  const name = useId();
  if (draft === undefined) return null;
  const parts = frozenParts(nodes, draft.data);
  const previous = live.map((v) => `v${v}`).join(", ");

  const publish = () => {
    setBusy(true);
    setError(null);
    const { choice } = runners;
    const run =
      choice.status === "ready" && choice.runners.length > 0
        ? publishToRunners(journey.name, drain, chosenRunners(choice.runners, choice.checked))
        : publishJourney(journey.name, drain);
    run.then(
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
        <RunnersChoice {...runners} />
      </div>
      <DialogActions confirmLabel="Publish" tone="primary" busy={busy} error={error} onConfirm={publish} onClose={onClose} />
    </Dialog>
  );
}
