// The app's file doors. The window never names a path: `choose_file` shows a native
// dialog from Rust and answers a token for the file the person chose (and its name, to
// show); the import and export commands take that token, so a script in the window
// cannot make the app read or write any other file. Errors name the file and the place
// in it, as the Rust side words them.
import { call } from "./api";
import type { FileChoice } from "./bindings/FileChoice";
import type { FileKind } from "./bindings/FileKind";
import type { FilePurpose } from "./bindings/FilePurpose";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportReport } from "./bindings/ImportReport";

export type { FileChoice, ImportPreview, ImportReport };

/** Shows a native open or save dialog; null when the person cancelled it. */
export async function chooseFile(purpose: FilePurpose, kind: FileKind, title: string, defaultName: string | null): Promise<FileChoice | null> {
  return call<FileChoice | null>("choose_file", { purpose, kind, title, defaultName });
}

/** What importing the chosen bundle would do; the token stays good for the import. */
export async function previewImportFile(token: string): Promise<ImportPreview> {
  return call<ImportPreview>("preview_import_file", { token });
}

/**
 * Imports the chosen bundle (the token is used up). Without `allowOriginChange`, a bundle
 * that sends a configuration's calls to another origin is refused (CONFIRMATION_NEEDED).
 */
export async function importBundleFile(token: string, allowOriginChange: boolean): Promise<ImportReport> {
  return call<ImportReport>("import_bundle_file", { token, allowOriginChange });
}

/** Writes the workspace, or one journey with what it uses, where the save dialog said. */
export async function exportBundleFile(token: string, journey: string | null): Promise<void> {
  return call<void>("export_bundle_file", { token, journey });
}

/** A bundle chosen for import, and what importing it would do. */
export type ImportChoice = { file: FileChoice; preview: ImportPreview };

/** Asks for a bundle file and previews its import; null when the dialog was cancelled. */
export async function chooseBundleToImport(): Promise<ImportChoice | null> {
  const file = await chooseFile("open", "bundle", "Import a bundle", null);
  if (file === null) return null;
  return { file, preview: await previewImportFile(file.token) };
}

/**
 * Asks where to save and exports the workspace, or one journey with what it uses.
 * Returns the name of the file written, or null when the dialog was cancelled.
 */
export async function exportBundleFromDialog(journey?: string): Promise<string | null> {
  const title = journey ? `Export ${journey}` : "Export the workspace";
  const file = await chooseFile("save", "bundle", title, `${journey ?? "workspace"}.parcours.json`);
  if (file === null) return null;
  await exportBundleFile(file.token, journey ?? null);
  return file.name;
}
