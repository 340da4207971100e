// Adds a person to the workspace with a role. Only the name's presence is checked here;
// Rust checks the rest (a name already taken, one it cannot read) and its refusal shows
// beside the form with what was typed kept.
import { useId, useState, type FormEvent } from "react";

import { roleLabel, ROLES, isRole } from "../access/roles";
import { addUser, toApiError, type ApiError } from "../api";
import type { Role } from "../bindings/Role";

export function UserForm({ onAdded, onCancel }: { onAdded: (name: string, role: Role) => void; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("business");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const headingId = useId();
  const nameId = useId();
  const nameHintId = useId();
  const roleId = useId();
  const errorId = useId();
  const ready = name.trim() !== "";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy) return;
    const added = name.trim();
    setBusy(true);
    setError(null);
    addUser(added, role).then(
      () => {
        setBusy(false);
        onAdded(added, role);
      },
      (err: unknown) => {
        setBusy(false);
        setError(toApiError(err));
      },
    );
  };

  return (
    <form
      className="user-form"
      aria-labelledby={headingId}
      aria-describedby={error ? errorId : undefined}
      data-testid="user-form"
      onSubmit={submit}
    >
      <h3 id={headingId}>Add a person</h3>
      <div className="user-form-fields">
        <div className="user-field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            value={name}
            required
            autoComplete="off"
            spellCheck={false}
            aria-describedby={nameHintId}
            data-testid="user-name"
            onChange={(e) => setName(e.target.value)}
          />
          <p id={nameHintId} className="hint">
            Their login name on their computer (or PARCOURS_USER), as Parcours finds it when they open the workspace.
          </p>
        </div>
        <div className="user-field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} data-testid="user-new-role" onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p className="user-form-error" role="alert" id={errorId} data-testid="user-form-error" data-code={error.code}>
          Not added: <strong className="error-code">{error.code}</strong> {error.message}
        </p>
      )}
      <div className="user-form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" data-testid="user-save" disabled={!ready || busy} aria-busy={busy}>
          Add user
        </button>
      </div>
    </form>
  );
}
