// The `other` port of conditions: taken when no path applies.
export function OtherCheckbox({ checked, onChange }: { checked: boolean; onChange: (other: boolean) => void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      “other” path when none applies
    </label>
  );
}
