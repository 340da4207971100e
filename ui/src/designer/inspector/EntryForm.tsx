// Entry: the event that starts the journey.
import { EventSelect } from "./EventSelect";
import type { FormProps } from "./types";

export function EntryForm({ activity, diagnostics, update }: FormProps<"entry">) {
  return <EventSelect value={activity.event} diagnostics={diagnostics} onChange={(event) => update({ ...activity, event }, "event")} />;
}
