// The example payload of an event, live from the field tree, with a Copy button. The
// clipboard API can be missing or refused (no permission, not a secure context); then
// the text is selected so the user can copy it by hand.
import { useId, useRef, useState } from "react";

type CopyState = { kind: "idle" } | { kind: "copied" } | { kind: "failed" };

export function PayloadPreview({ payload }: { payload: unknown }) {
  const text = JSON.stringify(payload, null, 2);
  const headingId = useId();
  const preRef = useRef<HTMLPreElement>(null);
  const [copy, setCopy] = useState<CopyState>({ kind: "idle" });

  const selectText = () => {
    const pre = preRef.current;
    const selection = window.getSelection();
    if (!pre || !selection) return;
    pre.focus();
    selection.selectAllChildren(pre);
  };

  const onCopy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setCopy({ kind: "copied" });
    } catch {
      selectText();
      setCopy({ kind: "failed" });
    }
  };

  return (
    <section className="cfg-preview" aria-labelledby={headingId}>
      <div className="cfg-preview-header">
        <h4 id={headingId}>Example payload</h4>
        <button type="button" className="button" data-testid="copy-payload" onClick={() => void onCopy()}>
          Copy
        </button>
      </div>
      <pre ref={preRef} tabIndex={0} aria-labelledby={headingId} data-testid="payload-preview">
        {text}
      </pre>
      <p className="cfg-hint" role="status" aria-live="polite" data-testid="copy-status" data-state={copy.kind}>
        {copy.kind === "copied" && "Copied to the clipboard."}
        {copy.kind === "failed" && "Copying is not allowed here: the text is selected, press Ctrl+C (⌘C) to copy it."}
      </p>
    </section>
  );
}
