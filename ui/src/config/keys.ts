// React keys for rows the user adds, renames and removes (their names change as they
// are typed, so names cannot be keys). Unique within the page is enough.
let last = 0;

export function nextKey(): string {
  last += 1;
  return `row${last}`;
}
