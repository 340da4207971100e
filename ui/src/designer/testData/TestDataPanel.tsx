// The test panel's Test data tab: test profiles (the people test events come from) and
// fixtures (how the journey's actions and data sources answer in test mode) listed on
// the left, the open one's form on the right. Leaving a form with unsaved changes asks
// first; deleting asks first; lists reload after every save and deletion.
import { useCallback, useState } from "react";

import { deleteFixture, deleteTestProfile } from "../../api";
import type { FixtureTarget } from "../../bindings/FixtureTarget";
import type { TestProfile } from "../../bindings/TestProfile";
import { ConfirmDialog } from "../../ConfirmDialog";
import { DiscardPrompt, useDiscardGuard } from "../../config/DiscardGuard";
import { useDialogAction } from "../../home/useDialogAction";
import { useCatalog } from "../DesignerContext";
import { FixtureForm } from "./FixtureForm";
import { FixturesPanel } from "./FixturesPanel";
import { ProfileForm } from "./ProfileForm";
import { ProfilesPanel } from "./ProfilesPanel";
import { configuredExample, targetKey, targetLabel, type FixtureRow } from "./targets";
import { useFixtureRows } from "./useFixtureRows";
import type { TestProfiles } from "./useTestProfiles";
import "../../config/config.css";
import "./testData.css";

/** The open form; `session` remounts it, so each opening starts from what was saved. */
type Open =
  | { kind: "profile"; session: number; opened: TestProfile | null; name: string | null }
  | { kind: "fixture"; session: number; row: FixtureRow };

type Removal = { kind: "profile"; name: string } | { kind: "fixture"; target: FixtureTarget };

export function TestDataPanel({ journey, profiles }: { journey: string; profiles: TestProfiles }) {
  const fixtures = useFixtureRows(journey);
  const { actions } = useCatalog();
  const [open, setOpen] = useState<Open | null>(null);
  const discard = useDiscardGuard();
  const { guard, setDirty } = discard;
  const [removal, setRemoval] = useState<Removal | null>(null);

  const openProfile = (opened: TestProfile | null) =>
    guard(() => {
      setDirty(false);
      setOpen((o) => ({ kind: "profile", session: (o?.session ?? 0) + 1, opened, name: opened?.name ?? null }));
    });

  const openFixture = (row: FixtureRow) =>
    guard(() => {
      setDirty(false);
      setOpen((o) => ({ kind: "fixture", session: (o?.session ?? 0) + 1, row }));
    });

  const { reload: reloadProfiles } = profiles;
  const { reload: reloadFixtures } = fixtures;
  const onProfileSaved = useCallback(
    (name: string) => {
      setOpen((o) => (o?.kind === "profile" ? { ...o, name } : o));
      reloadProfiles();
    },
    [reloadProfiles],
  );

  const onRemoved = (removed: Removal) => {
    setRemoval(null);
    const wasOpen =
      removed.kind === "profile"
        ? open?.kind === "profile" && open.name === removed.name
        : open?.kind === "fixture" && open.row.key === targetKey(removed.target);
    if (wasOpen) {
      setOpen(null);
      setDirty(false);
    }
    if (removed.kind === "profile") reloadProfiles();
    else reloadFixtures();
  };

  const rows = fixtures.list.status === "ready" ? fixtures.list.items : [];
  const openKey = open?.kind === "fixture" ? open.row.key : null;
  // Whether the open target has a saved fixture now (it changes with saves and removals).
  const savedRow = openKey === null ? undefined : rows.find((r) => r.key === openKey);

  return (
    <div className="td-layout" data-testid="test-data">
      <DiscardPrompt guard={discard} noun="form" prefix="td-" className="td-discard" />
      <nav className="td-lists" aria-label="Test data">
        <ProfilesPanel
          list={profiles.list}
          openName={open?.kind === "profile" ? open.name : null}
          onNew={() => openProfile(null)}
          onEdit={openProfile}
          onDelete={(p) => setRemoval({ kind: "profile", name: p.name })}
          onRetry={reloadProfiles}
        />
        <FixturesPanel list={fixtures.list} openKey={openKey} onEdit={openFixture} onRetry={reloadFixtures} />
      </nav>
      <div className="td-detail">
        {open?.kind === "profile" && (
          <ProfileForm key={open.session} initial={open.opened} onSaved={onProfileSaved} onDirtyChange={setDirty} />
        )}
        {open?.kind === "fixture" && (
          <FixtureForm
            key={open.session}
            target={open.row.target}
            initial={open.row.fixture}
            example={configuredExample(open.row.target, actions, fixtures.dataSources)}
            onSaved={reloadFixtures}
            onDirtyChange={setDirty}
            onRemove={savedRow?.fixture ? () => setRemoval({ kind: "fixture", target: open.row.target }) : undefined}
          />
        )}
        {open === null && (
          <p className="empty">
            Choose a test profile or a fixture to edit it here, or add a test profile. Test events and what-if runs use
            what is saved.
          </p>
        )}
      </div>
      {removal && <ConfirmRemoval removal={removal} onDone={() => onRemoved(removal)} onClose={() => setRemoval(null)} />}
    </div>
  );
}

/** "Delete test profile X?" / "Remove the fixture of X?": the deletion's failure shows in the dialog. */
function ConfirmRemoval({ removal, onDone, onClose }: { removal: Removal; onDone: () => void; onClose: () => void }) {
  const { busy, error, run } = useDialogAction(
    () => (removal.kind === "profile" ? deleteTestProfile(removal.name) : deleteFixture(removal.target)),
    onDone,
  );
  return removal.kind === "profile" ? (
    <ConfirmDialog title={`Delete test profile ${removal.name}?`} confirmLabel="Delete" busy={busy} error={error} onConfirm={run} onClose={onClose}>
      <p>Test events can no longer come from this person. This cannot be undone.</p>
    </ConfirmDialog>
  ) : (
    <ConfirmDialog title="Remove this fixture?" confirmLabel="Remove fixture" busy={busy} error={error} onConfirm={run} onClose={onClose}>
      <p>
        {targetLabel(removal.target)} will answer with its configured example in test mode. Its canned responses are
        deleted.
      </p>
    </ConfirmDialog>
  );
}
