// Shows each message (a Rust diagnostic or a shape problem) next to the input whose
// path it names, wires it to the input with aria-describedby / aria-invalid, and lists
// all of them in a summary whose entries move the focus to their input.
import { createContext, useContext, useId, type ReactNode, type RefObject } from "react";

import { countBySeverity, normalizePath, pathAndAncestors, type Message } from "./diagnostics";

const MessagesContext = createContext<ReadonlyMap<string, Message[]>>(new Map());

export function MessagesProvider({ index, children }: { index: ReadonlyMap<string, Message[]>; children: ReactNode }) {
  return <MessagesContext value={index}>{children}</MessagesContext>;
}

/** Attributes an input spreads to be found by path and described by its messages. */
export type ControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  "data-diag-path": string;
};

/**
 * The messages for `path`; with `within`, also those for places inside it (a JSON text
 * input whose keys Rust names one by one: `auth.request.body.client.client_secret`), each
 * led by its place within the input.
 */
export function useMessages(path: string, within = false) {
  const index = useContext(MessagesContext);
  const listId = useId();
  const normalized = normalizePath(path);
  const messages = within ? messagesWithin(index, normalized) : (index.get(normalized) ?? []);
  return { path: normalized, messages, listId: messages.length > 0 ? listId : undefined };
}

function messagesWithin(index: ReadonlyMap<string, Message[]>, path: string): Message[] {
  const out = [...(index.get(path) ?? [])];
  for (const [at, list] of index) {
    if (at.startsWith(`${path}.`)) {
      const place = at.slice(path.length + 1);
      out.push(...list.map((m) => ({ ...m, text: `${place}: ${m.text}` })));
    }
  }
  return out;
}

export function controlProps(
  id: string,
  m: ReturnType<typeof useMessages>,
  ...describedBy: (string | undefined)[]
): ControlProps {
  const ids = [m.listId, ...describedBy].filter(Boolean).join(" ");
  return {
    id,
    "data-diag-path": m.path,
    ...(m.messages.some((x) => x.severity === "error") ? { "aria-invalid": true as const } : {}),
    ...(ids ? { "aria-describedby": ids } : {}),
  };
}

export function MessageList({ m }: { m: ReturnType<typeof useMessages> }) {
  if (m.messages.length === 0) return null;
  return (
    <ul className="cfg-messages" id={m.listId} data-testid="field-messages" data-path={m.path}>
      {m.messages.map((msg, i) => (
        <li key={i} className={`cfg-message cfg-message-${msg.severity}`} data-testid="field-diag" data-code={msg.code}>
          {msg.code && <code>{msg.code}</code>} {msg.text}
        </li>
      ))}
    </ul>
  );
}

/** A labelled input with its hint and messages; `children` renders the control. */
export function FormRow({
  label,
  path,
  hint,
  className,
  within = false,
  children,
}: {
  label: string;
  path: string;
  hint?: ReactNode;
  className?: string;
  /** Also show the messages for places inside this input (see `useMessages`). */
  within?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = useId();
  const m = useMessages(path, within);
  return (
    <div className={`cfg-row${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children(controlProps(id, m, hint ? hintId : undefined))}
      {hint && (
        <p className="cfg-hint" id={hintId}>
          {hint}
        </p>
      )}
      <MessageList m={m} />
    </div>
  );
}

/** Focuses the input for `path`, or the nearest one: its descendants, then its ancestors'. */
function focusPath(root: HTMLElement | null, path: string) {
  if (!root) return;
  for (const p of pathAndAncestors(path)) {
    const exact = root.querySelector<HTMLElement>(`[data-diag-path="${CSS.escape(p)}"]`);
    const within = exact ?? root.querySelector<HTMLElement>(`[data-diag-path^="${CSS.escape(p + ".")}"]`);
    if (within) {
      within.focus();
      within.scrollIntoView({ block: "center" });
      return;
    }
  }
}

export function MessageSummary({
  messages,
  root,
  describe,
}: {
  messages: readonly Message[];
  root: RefObject<HTMLElement | null>;
  /** Words for a path (`fields.1.name` → `field customer.id`). */
  describe: (path: string) => string;
}) {
  const headingId = useId();
  const { errors, warnings } = countBySeverity(messages);
  return (
    <section className="cfg-summary" aria-labelledby={headingId} data-testid="diag-summary">
      <h4 id={headingId}>
        Problems{" "}
        <span className="cfg-summary-counts" data-testid="diag-counts">
          {messages.length === 0 ? "none" : `${errors} error${errors === 1 ? "" : "s"} · ${warnings} warning${warnings === 1 ? "" : "s"}`}
        </span>
      </h4>
      {messages.length > 0 && (
        <ul>
          {messages.map((m, i) => (
            <li key={i}>
              <button
                type="button"
                className={`cfg-summary-item cfg-message-${m.severity}`}
                data-testid="diag-item"
                data-path={m.path}
                data-code={m.code}
                onClick={() => focusPath(root.current, m.path)}
              >
                <span className="cfg-summary-where">{describe(m.path)}</span>
                {m.code && <code>{m.code}</code>}
                <span>{m.text}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
