// IPC of the configuration forms that ui/src/api.ts does not carry: data sources and
// test requests. Same conventions: every command goes through `call`, so failures
// arrive as ApiError ({code, message}) and never as raw Tauri errors.
import { call } from "../api";
import type { CustomAction } from "../bindings/CustomAction";
import type { DataSource } from "../bindings/DataSource";
import type { Diagnostic } from "../bindings/Diagnostic";
import type { TestResponse } from "../bindings/TestResponse";

export type { TestResponse };

export async function listDataSources(): Promise<DataSource[]> {
  return call<DataSource[]>("list_data_sources");
}

/** Saves a data source; returns its diagnostics (the same Rust validation as everywhere). */
export async function saveDataSource(source: DataSource): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("save_data_source", { source });
}

/** Validates a data source without saving it. */
export async function checkDataSource(source: DataSource): Promise<Diagnostic[]> {
  return call<Diagnostic[]>("check_data_source", { source });
}

/** IN_USE when journeys read from it: nothing is deleted then. */
export async function deleteDataSource(name: string): Promise<void> {
  return call<void>("delete_data_source", { name });
}

/**
 * Calls the action as described (saved or not) with test values for its variable
 * parameters, keyed like a journey's mapping: `payload.PATH`, `header.NAME`,
 * `query.NAME`. Secrets are read from the keychain by Rust.
 */
export async function testAction(action: CustomAction, values: Record<string, unknown>): Promise<TestResponse> {
  return call<TestResponse>("test_action", { action, values });
}

/** Calls one field group of the data source as described, with values by parameter name. */
export async function testDataSource(source: DataSource, group: string, params: Record<string, unknown>): Promise<TestResponse> {
  return call<TestResponse>("test_data_source", { source, group, params });
}
