// Reaction: the event awaited, and how long to wait for it before the `timeout` port.
import { DurationInput } from "./DurationInput";
import { EventSelect } from "./EventSelect";
import type { FormProps } from "./types";

export function ReactionForm({ activity, diagnostics, update }: FormProps<"reaction">) {
  return (
    <>
      <EventSelect value={activity.event} diagnostics={diagnostics} onChange={(event) => update({ ...activity, event }, "event")} />
      <DurationInput
        label="Timeout"
        seconds={activity.timeoutSeconds}
        diagnostics={diagnostics}
        path="activity.timeoutSeconds"
        onChange={(timeoutSeconds) => update({ ...activity, timeoutSeconds }, "timeoutSeconds")}
      />
    </>
  );
}
