// Asks before an import sends configurations' calls somewhere else: each data source or
// action whose origin would change, from → to, and the secrets it sends, which stay
// bound to the old origin (Rust keeps them there) until bound again in its form.
import { ConfirmDialog } from "../ConfirmDialog";
import type { OriginChange } from "../bindings/OriginChange";
import { objectLabel } from "../model";
import { originsText } from "./imports";

export function OriginChangesDialog({
  file,
  changes,
  busy,
  onConfirm,
  onClose,
}: {
  /** The chosen file's name. */
  file: string;
  changes: readonly OriginChange[];
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <ConfirmDialog title={`Import ${file}?`} confirmLabel="Import anyway" busy={busy} onConfirm={onConfirm} onClose={onClose}>
      <p>Importing it changes where these configurations send their calls:</p>
      <ul className="origin-changes" data-testid="origin-changes">
        {changes.map((c) => (
          <li key={c.object} data-testid="origin-change" data-object={c.object}>
            <strong>{objectLabel(c.object)}</strong>:{" "}
            <code data-testid="origin-from">{originsText(c.from)}</code> → <code data-testid="origin-to">{originsText(c.to)}</code>
            {c.secrets.length > 0 && (
              <p className="muted" data-testid="origin-secrets">
                {c.secrets.length === 1 ? "Its secret" : "Its secrets"}{" "}
                {c.secrets.map((s, i) => (
                  <span key={s}>
                    {i > 0 && ", "}
                    <code>{s}</code>
                  </span>
                ))}{" "}
                {c.secrets.length === 1
                  ? `stays bound to ${originsText(c.from)}: bind it again in its form if it should follow.`
                  : `stay bound to ${originsText(c.from)}: bind them again in its form if they should follow.`}
              </p>
            )}
          </li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}
