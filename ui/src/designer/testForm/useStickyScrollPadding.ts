// A sticky bar at the top of a scrolling column hides what is scrolled "into view" under
// it: a field focused with Tab, a person chosen in the waiting list. Keeping the column's
// scroll-padding-top equal to the bar's height makes the browser scroll such elements
// below the bar instead; the height follows the bar as it grows (an error line, a
// session's controls) and shrinks.
import { useCallback } from "react";

/** A ref callback for the sticky bar (its parent is the scrolling column). */
export function useStickyScrollPadding(): (bar: HTMLElement | null) => (() => void) | undefined {
  return useCallback((bar: HTMLElement | null) => {
    const column = bar?.parentElement;
    if (!bar || !column) return undefined;
    const apply = () => {
      column.style.scrollPaddingTop = `${bar.offsetHeight}px`;
    };
    apply();
    const observer = new ResizeObserver(apply);
    observer.observe(bar);
    return () => {
      observer.disconnect();
      column.style.scrollPaddingTop = "";
    };
  }, []);
}
