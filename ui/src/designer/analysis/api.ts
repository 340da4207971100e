// IPC of the analysis panels. Commands go through `call` (failures arrive as ApiError
// {code, message}); progress comes as Tauri events the Rust command emits every 100 ms.
import { listen } from "@tauri-apps/api/event";

import { call } from "../../api";
import type { Coverage } from "../../bindings/Coverage";
import type { SimulationResult } from "../../bindings/SimulationResult";
import { readProgress, type Progress } from "./whatIf";

/** The event `what_if` emits while it runs; payload {done, total}. */
export const WHAT_IF_PROGRESS = "what-if-progress";

/** Simulates `people` generated people through the saved journey (no real calls). */
export async function whatIf(journey: string, people: number, seed: number): Promise<SimulationResult> {
  return call<SimulationResult>("what_if", { journey, people, seed });
}

/** Which paths of the saved journey test people can take, with an example or the reason. */
export async function pathCoverage(journey: string): Promise<Coverage> {
  return call<Coverage>("coverage", { journey });
}

/** Calls `handler` with each what-if progress; resolves to the function that stops it. */
export async function onWhatIfProgress(handler: (progress: Progress) => void): Promise<() => void> {
  const unlisten = await listen<unknown>(WHAT_IF_PROGRESS, (event) => {
    const progress = readProgress(event.payload);
    if (progress) handler(progress);
  });
  // Stopping can fail once the window is closing; there is nothing left to stop then.
  return () => void Promise.resolve(unlisten()).catch(() => {});
}
