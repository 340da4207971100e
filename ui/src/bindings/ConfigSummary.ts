export type ConfigSummary = { name: string, description: string, usedIn: number, };
