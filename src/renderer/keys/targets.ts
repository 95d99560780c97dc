import { useEffect, useRef, type RefObject } from 'react';
import type { KeyAction } from '../../shared/keymap';

/**
 * A keymap action as a panel is asked to run it.
 * - `focused`: the key was pressed inside the panel (its element contains the focus).
 * - `held`: the text-field rule held the key back (a ticket's place key pressed in one of its
 *   fields, see dispatch.ts `resolveKey`): the panel may do something short of acting (the
 *   ticket moves to its Place button), never the action itself.
 */
export interface KeyRequest {
  action: KeyAction;
  focused: boolean;
  held: boolean;
}

/** Runs a request; true when the panel took it (nobody else is asked then). */
export type KeyHandler = (request: KeyRequest) => boolean;

/** What the registry needs of an element (structural, so the rule is tested without a DOM). */
export interface KeyTargetElement {
  contains(other: KeyTargetElement | null): boolean;
}

export interface KeyTargets {
  /** Registers `handler` for the panel drawn in `element`; returns the function that removes it. */
  add(element: KeyTargetElement, handler: KeyHandler): () => void;
  /**
   * Asks the panels for `action`: first those containing `focus`, innermost first, then the
   * rest in the order they registered. Returns true when one took it.
   */
  dispatch(action: KeyAction, focus: KeyTargetElement | null, held?: boolean): boolean;
}

/**
 * Panels that act on keymap actions themselves (the order ticket's place and cancel, the
 * watchlist's chart and depth for its selected row, a chart's alert and trade keys for its
 * instrument). The window's one keydown handler (useShortcuts.ts) resolves a key press to an
 * action through the keymap, then asks the panels here before acting for the whole window: so
 * every key a panel answers follows the trader's rebinding, and no panel reads keys itself.
 */
export function createKeyTargets(): KeyTargets {
  const entries: Array<{ element: KeyTargetElement; handler: KeyHandler }> = [];
  return {
    add(element, handler) {
      const entry = { element, handler };
      entries.push(entry);
      return () => {
        const i = entries.indexOf(entry);
        if (i >= 0) entries.splice(i, 1);
      };
    },
    dispatch(action, focus, held = false) {
      const inside = focus ? entries.filter((e) => e.element.contains(focus)) : [];
      // Innermost first: a target inside another contains fewer of the others.
      inside.sort((a, b) => Number(a.element.contains(b.element)) - Number(b.element.contains(a.element)));
      const outside = entries.filter((e) => !inside.includes(e));
      for (const e of inside) if (e.handler({ action, focused: true, held })) return true;
      for (const e of outside) if (e.handler({ action, focused: false, held })) return true;
      return false;
    },
  };
}

/** This window's panels (one document, one registry). */
export const keyTargets: KeyTargets = createKeyTargets();

/**
 * Makes the element in `ref` a key target for as long as the component is mounted. `handler`
 * may change on every render (it reads the panel's latest state): the registry calls the
 * newest one.
 */
export function useKeyTarget(ref: RefObject<HTMLElement | null>, handler: KeyHandler): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return keyTargets.add(el as KeyTargetElement, (request) => latest.current(request));
  }, [ref]);
}
