export type JourneyStatus = "draft" | "live" | "closed" | "stopped" | "finished";
