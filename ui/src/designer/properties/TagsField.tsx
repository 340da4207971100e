// The journey's tags as removable chips, with an input that adds one on Enter (or with
// the Add button, for those who do not guess Enter).
import { useId, useState } from "react";

import { addTag, removeTag } from "./settingsEdits";

export function TagsField({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const [text, setText] = useState("");
  const inputId = useId();
  const add = () => {
    onChange(addTag(tags, text));
    setText("");
  };

  return (
    <div className="field">
      <label htmlFor={inputId}>Tags</label>
      {tags.length > 0 && (
        <ul className="chips" aria-label="Tags of this journey" data-testid="tags">
          {tags.map((tag) => (
            <li key={tag} className="chip" data-testid="tag" data-tag={tag}>
              {tag}
              <button type="button" className="chip-remove" aria-label={`Remove tag ${tag}`} onClick={() => onChange(removeTag(tags, tag))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field-row">
        <input
          id={inputId}
          data-testid="tag-input"
          value={text}
          placeholder="black-friday"
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            add();
          }}
        />
        <button type="button" className="button button-small chip-add" data-testid="tag-add" disabled={text.trim() === ""} onClick={add}>
          Add tag
        </button>
      </div>
    </div>
  );
}
