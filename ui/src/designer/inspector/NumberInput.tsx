// A whole-number input that only hands valid values to the store (Rust reads these as
// unsigned integers, and a half-typed "" must not be saved as 0). What the user typed
// stays on screen; an undo or redo that changes the value from outside replaces it.
import { useState, type InputHTMLAttributes } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> & {
  value: number;
  onCommit: (value: number) => void;
};

export function NumberInput({ value, onCommit, ...rest }: Props) {
  const [text, setText] = useState(String(value));
  const [committed, setCommitted] = useState(value);
  if (value !== committed) {
    setCommitted(value);
    setText(String(value));
  }

  return (
    <input
      {...rest}
      type="number"
      inputMode="numeric"
      min={0}
      step={1}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== "" && Number.isSafeInteger(n) && n >= 0) {
          setCommitted(n);
          onCommit(n);
        }
      }}
    />
  );
}
