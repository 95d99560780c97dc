import { receivesLinks, type PanelKind } from '../layout/panels';
import { sameContext, type LinkContext } from './context';

/**
 * What a panel currently shows, as far as linking cares. `edited` is true once the trader has
 * changed anything on it by hand that a retarget would throw away (an order ticket's quantity,
 * price, product or side); the renderer clears it when the ticket is sent, reset or closed.
 */
export interface LinkTarget {
  kind: PanelKind;
  edited: boolean;
  /** The instrument it shows now (null: none yet). */
  current: LinkContext | null;
}

export type FollowDecision =
  | { follow: true }
  | {
      follow: false;
      /**
       * `not_destination`: this kind never follows links (a watchlist is a source only).
       * `edited`: the trader has edited this panel — it is never retargeted under their hands;
       *   show "<instrument> from <source> — switch?" instead and let them choose.
       * `same`: it already shows this instrument (nothing to do, keep the edits either way).
       */
      reason: 'not_destination' | 'edited' | 'same';
    };

/**
 * The rule every window applies when a `link.context` push names one of its panels (main
 * already delivers only to destination kinds; the renderer applies the rest, since only it
 * knows whether a ticket was edited). Order: a kind that does not follow links ignores it; the
 * same instrument is a no-op; an edited panel keeps what the trader typed; otherwise follow.
 * Source: the "an order ticket the trader has edited is never retargeted under their
 * hands" (TWS retargets; ours does not).
 */
export function decideFollow(target: LinkTarget, incoming: LinkContext): FollowDecision {
  if (!receivesLinks(target.kind)) return { follow: false, reason: 'not_destination' };
  if (target.current && sameContext(target.current, incoming)) return { follow: false, reason: 'same' };
  if (target.edited) return { follow: false, reason: 'edited' };
  return { follow: true };
}
