// The activities one can add, grouped as the designer card groups them. Each item is a
// button (click, Enter or Space adds it at the centre of the view) that can also be
// dragged onto the canvas to drop it where wanted.
import { useId } from "react";

import { kindLabel } from "../canvas/mapping";
import { useAddActivity } from "../canvas/useAddActivity";
import { PALETTE, PALETTE_MIME } from "./activities";

export function Palette() {
  const { addAtCentre } = useAddActivity();
  const headingId = useId();

  return (
    <nav className="palette" aria-labelledby={headingId} data-testid="palette">
      <h3 id={headingId} className="visually-hidden">
        Add an activity
      </h3>
      {PALETTE.map((group) => (
        <section key={group.title} className="palette-group" aria-label={group.title}>
          <h4>{group.title}</h4>
          <ul>
            {group.kinds.map((kind) => (
              <li key={kind}>
                <button
                  type="button"
                  className={`palette-item kind-${kind}`}
                  data-testid="palette-item"
                  data-kind={kind}
                  draggable
                  title={`Add ${kindLabel(kind).toLowerCase()} (or drag it onto the canvas)`}
                  onClick={() => addAtCentre(kind)}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, kind);
                    e.dataTransfer.effectAllowed = "copy";
                  }}
                >
                  {kindLabel(kind)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
