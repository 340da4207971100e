// A labelled choice among a few values (the runner, the version, the period) for the
// Live panel and the report screen.
export function Pick<T extends string | number>({
  id,
  label,
  value,
  options,
  onChange,
  text = String,
  disabled = false,
}: {
  id: string;
  label: string;
  value: T | "";
  options: readonly T[];
  onChange: (value: string) => void;
  text?: (option: T) => string;
  disabled?: boolean;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </>
  );
}
