// The test profile form: name, profile id, description and field values (JSON, dotted
// path → value). Checked by Rust as you type (check_test_profile), saved with
// save_test_profile, which refuses a profile with errors; diagnostics show by the input
// they name, a value's beside the values box.
import { useMemo, useState } from "react";

import { checkTestProfile, saveTestProfile } from "../../api";
import type { TestProfile } from "../../bindings/TestProfile";
import { ConfigFormFrame, GeneralSection } from "../../config/FormChrome";
import { FormRow } from "../../config/Messages";
import { useConfigForm, type ConfigFormProps } from "../../config/useConfigForm";
import { describeProfilePath, draftFromProfile, newProfileDraft, placeProfileMessages, profileFromDraft, type ProfileDraft } from "./profileDraft";

export function ProfileForm({ initial, onSaved, onDirtyChange }: ConfigFormProps<TestProfile>) {
  const [draft, setDraft] = useState<ProfileDraft>(() => (initial ? draftFromProfile(initial) : newProfileDraft()));
  const built = useMemo(() => profileFromDraft(draft), [draft]);
  const form = useConfigForm({
    subject: built.ok ? built.value : null,
    problems: built.ok ? undefined : built.problems,
    opened: initial,
    check: checkTestProfile,
    save: saveTestProfile,
    onSaved,
    onDirtyChange,
  });
  const messages = useMemo(() => placeProfileMessages(form.messages), [form.messages]);
  const set = (patch: Partial<ProfileDraft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <ConfigFormFrame
      testId="profile-form"
      title={initial ? `Test profile ${initial.name}` : "New test profile"}
      kind="test profile"
      form={form}
      messages={messages}
      describe={describeProfilePath}
    >
      <GeneralSection
        name={draft.name}
        description={draft.description}
        nameHint="What testers call this person, such as “Gold member in Lyon”."
        onChange={set}
      />
      <fieldset className="cfg-section">
        <legend>The person</legend>
        <FormRow label="Profile id" path="profileId" hint="Put in the event's profile id field (an email address, a customer number…).">
          {(p) => (
            <input
              {...p}
              className="cfg-input cfg-code"
              value={draft.profileId}
              autoComplete="off"
              spellCheck={false}
              data-testid="profile-id"
              onChange={(e) => set({ profileId: e.target.value })}
            />
          )}
        </FormRow>
        <FormRow
          label="Field values (JSON)"
          path="values"
          hint={
            <>
              Event fields by dotted path, such as <code>{'{"customer.tier": "gold", "cart.total": 120}'}</code>. Each
              event that has the field takes the value; the others ignore it.
            </>
          }
        >
          {(p) => (
            <textarea
              {...p}
              className="cfg-input cfg-code"
              rows={6}
              spellCheck={false}
              value={draft.valuesText}
              data-testid="profile-values"
              onChange={(e) => set({ valuesText: e.target.value })}
            />
          )}
        </FormRow>
      </fieldset>
    </ConfigFormFrame>
  );
}
