// The journeys a jump may enter, as the jump's menu shows them: each with the entry event
// of the version a jump would enter (the live one, else the latest) and whether it has a
// live version yet. Read from the home screen's overview, then each journey once: the
// overview does not carry entry events.
import { getJourney, overview } from "../../api";
import type { Journey } from "../../bindings/Journey";

export type JumpTarget = { name: string; entryEvent: string | null; published: boolean };

function entryEventOf(journey: Journey, version: number | undefined): string | null {
  const versions = journey.versions;
  const chosen = versions.find((v) => v.version === version) ?? versions.at(-1);
  for (const n of chosen?.nodes ?? []) if (n.activity.type === "entry") return n.activity.event;
  return null;
}

/** Every journey of the workspace, by name; one that cannot be read is listed without its event. */
export async function loadJumpTargets(): Promise<JumpTarget[]> {
  const { journeys } = await overview();
  const targets = await Promise.all(
    journeys.map(async (s): Promise<JumpTarget> => {
      const journey = await getJourney(s.name).catch(() => null);
      return {
        name: s.name,
        entryEvent: journey ? entryEventOf(journey, s.liveVersion) : null,
        published: s.liveVersion !== undefined,
      };
    }),
  );
  return targets.sort((a, b) => a.name.localeCompare(b.name));
}

/** What the menu says of a target: its name, its entry event, and when it is not live yet. */
export function targetLabel(t: JumpTarget): string {
  const event = t.entryEvent === null ? "no entry event" : `entry: ${t.entryEvent}`;
  return `${t.name} (${event}${t.published ? "" : ", not published yet"})`;
}
