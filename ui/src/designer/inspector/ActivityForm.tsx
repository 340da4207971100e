// Chooses the form for the node's kind of activity.
import type { Activity } from "../../bindings/Activity";
import type { Diagnostic } from "../../bindings/Diagnostic";
import { ActionForm } from "./ActionForm";
import { ConditionForm } from "./ConditionForm";
import { DateConditionForm } from "./DateConditionForm";
import { EntryForm } from "./EntryForm";
import { JumpForm } from "./JumpForm";
import { ReactionForm } from "./ReactionForm";
import { SplitForm } from "./SplitForm";
import { TimeConditionForm } from "./TimeConditionForm";
import { WaitForm } from "./WaitForm";

export function ActivityForm({
  nodeId,
  activity,
  diagnostics,
  update,
}: {
  nodeId: string;
  activity: Activity;
  diagnostics: Diagnostic[];
  update: (activity: Activity, field: string) => void;
}) {
  const common = { nodeId, diagnostics, update };
  switch (activity.type) {
    case "entry":
      return <EntryForm {...common} activity={activity} />;
    case "reaction":
      return <ReactionForm {...common} activity={activity} />;
    case "condition":
      return <ConditionForm {...common} activity={activity} />;
    case "split":
      return <SplitForm {...common} activity={activity} />;
    case "dateCondition":
      return <DateConditionForm {...common} activity={activity} />;
    case "timeCondition":
      return <TimeConditionForm {...common} activity={activity} />;
    case "wait":
      return <WaitForm {...common} activity={activity} />;
    case "action":
      return <ActionForm {...common} activity={activity} />;
    case "jump":
      return <JumpForm {...common} activity={activity} />;
    case "end":
      return <p className="hint">An end has nothing to configure: people leave the journey here.</p>;
  }
}
