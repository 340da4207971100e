// Shared shapes of the inspector's per-activity forms.
import type { Activity } from "../../bindings/Activity";
import type { Diagnostic } from "../../bindings/Diagnostic";
import type { ActivityKind } from "../../canvas/mapping";

export type ActivityOf<K extends ActivityKind> = Extract<Activity, { type: K }>;

export type FormProps<K extends ActivityKind> = {
  nodeId: string;
  activity: ActivityOf<K>;
  /** This node's diagnostics, from Rust. */
  diagnostics: Diagnostic[];
  /** Replaces the activity; `field` names what changed (one undo step per typing burst). */
  update: (activity: ActivityOf<K>, field: string) => void;
};
