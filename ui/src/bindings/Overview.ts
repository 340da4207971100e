import type { ConfigSummary } from "./ConfigSummary";
import type { JourneySummary } from "./JourneySummary";

export type Overview = { databasePath: string, journeys: Array<JourneySummary>, events: Array<ConfigSummary>, dataSources: Array<ConfigSummary>, actions: Array<ConfigSummary>, };
