// Bundle files through the native dialogs: the dialog gives a path, the Rust side
// reads or writes the file (errors name the file and the place in it).
import { open, save } from "@tauri-apps/plugin-dialog";

import { call } from "./api";
import type { ImportReport } from "./bindings/ImportReport";

const FILTERS = [{ name: "Parcours bundle", extensions: ["json"] }];

/** Asks for a bundle file and imports it; null when the dialog was cancelled. */
export async function importBundleFromDialog(): Promise<ImportReport | null> {
  const path = await open({ multiple: false, directory: false, filters: FILTERS, title: "Import a bundle" });
  if (typeof path !== "string") return null;
  return call<ImportReport>("import_bundle_file", { path });
}

/**
 * Asks where to save and exports the workspace, or one journey with what it uses.
 * Returns the path written, or null when the dialog was cancelled.
 */
export async function exportBundleFromDialog(journey?: string): Promise<string | null> {
  const path = await save({
    filters: FILTERS,
    title: journey ? `Export ${journey}` : "Export the workspace",
    defaultPath: `${journey ?? "workspace"}.parcours.json`,
  });
  if (typeof path !== "string") return null;
  await call<void>("export_bundle_file", { path, journey: journey ?? null });
  return path;
}
