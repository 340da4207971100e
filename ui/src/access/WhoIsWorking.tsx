// The header's "who is working": the person's name and role, so what the screens allow
// never comes as a surprise. When Rust could not say, the header says so, with a retry.
import { reloadCurrentUser, useAccess } from "./currentUser";
import { roleLabel } from "./roles";

export function WhoIsWorking() {
  const { user } = useAccess();
  if (user.status === "loading") {
    return (
      <p className="who muted" data-testid="current-user" data-state="loading">
        Checking who is working…
      </p>
    );
  }
  if (user.status === "error") {
    return (
      <p className="who" data-testid="current-user" data-state="error" role="alert">
        <span className="who-error">
          Who is working could not be read ({user.error.code}: {user.error.message}): nothing can be changed.
        </span>
        <button type="button" className="button button-small" onClick={() => void reloadCurrentUser()}>
          Retry
        </button>
      </p>
    );
  }
  const { name, role } = user.value;
  return (
    <p className="who" data-testid="current-user" data-state="ready">
      <span className="muted">Working as</span>
      <span className="who-name" data-testid="current-user-name">
        {name}
      </span>
      <span className="role-badge" data-testid="current-user-role" data-role={role ?? ""}>
        {roleLabel(role)}
      </span>
    </p>
  );
}
