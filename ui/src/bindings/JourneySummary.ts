import type { JourneyStatus } from "./JourneyStatus";

export type JourneySummary = { name: string, description: string, latestVersion: number, status: JourneyStatus, activities: number, updatedAt: string, errors: number, warnings: number, };
