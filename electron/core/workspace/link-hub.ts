import type { LinkContextPush } from '../../../src/shared/contract';
import { receivesLinks, type PanelKind } from '../../../src/shared/layout';
import type { LinkChannelId, LinkContext } from '../../../src/shared/link';

export interface LinkHubOptions {
  /** Delivers one push to one window (the workspace routes it through the push hub). */
  deliver(windowId: string, push: LinkContextPush): void;
  now?: () => number;
}

interface Member {
  windowId: string;
  windowKey: string | null;
  panelId: string;
  kind: PanelKind;
  channel: LinkChannelId;
}

/**
 * Colour-channel linking, FDC3 user-channel semantics, owned by main because the panels live in
 * different renderers:
 * - a panel is on at most one channel; joining another leaves the first;
 * - each channel keeps its current context (the last broadcast) even while nobody is on it;
 * - `join` answers with that current context at once (FDC3: "will automatically receive the
 *   current context"), and `replay` re-sends it to a window's following panels (a window that
 *   opens with links restored from the layout);
 * - `broadcast` sets the context and delivers it to every other panel on the channel whose kind
 *   follows links (destination or both), grouped into one push per window; never back to the
 *   sending panel (FDC3: "SHOULD ensure that context messages … are not delivered back");
 *   from a panel on no channel it is a no-op, as in FDC3.
 * Whether an edited order ticket follows is the receiving renderer's call (`decideFollow`).
 */
export class LinkHub {
  readonly #deliver: LinkHubOptions['deliver'];
  readonly #now: () => number;
  readonly #members = new Map<string, Member>();
  readonly #current = new Map<LinkChannelId, { context: LinkContext; at: number }>();

  constructor(opts: LinkHubOptions) {
    this.#deliver = opts.deliver;
    this.#now = opts.now ?? Date.now;
  }

  /** Puts the panel on `channel`; returns the channel's current context (null: none yet). */
  join(
    member: { windowId: string; windowKey: string | null; panelId: string; kind: PanelKind },
    channel: LinkChannelId,
  ): LinkContext | null {
    this.#members.set(memberKey(member.windowId, member.panelId), { ...member, channel });
    return this.#current.get(channel)?.context ?? null;
  }

  leave(windowId: string, panelId: string): void {
    this.#members.delete(memberKey(windowId, panelId));
  }

  /** A window went away: all its panels leave (the layout still remembers their channels). */
  leaveWindow(windowId: string): void {
    for (const [key, m] of this.#members) if (m.windowId === windowId) this.#members.delete(key);
  }

  channelOf(windowId: string, panelId: string): LinkChannelId | null {
    return this.#members.get(memberKey(windowId, panelId))?.channel ?? null;
  }

  current(channel: LinkChannelId): LinkContext | null {
    return this.#current.get(channel)?.context ?? null;
  }

  /** Channels `windowId`'s following panels are on, with what each carries now. */
  followedBy(windowId: string): Array<{ panelId: string; channel: LinkChannelId; context: LinkContext | null }> {
    const out: Array<{ panelId: string; channel: LinkChannelId; context: LinkContext | null }> = [];
    for (const m of this.#members.values()) {
      if (m.windowId === windowId && receivesLinks(m.kind)) {
        out.push({ panelId: m.panelId, channel: m.channel, context: this.current(m.channel) });
      }
    }
    return out;
  }

  /**
   * Sets the sender's channel context and delivers it. Returns the windows that received it and
   * how many panels in all (0 when the sender is on no channel).
   */
  broadcast(windowId: string, panelId: string, context: LinkContext): { panels: number; windows: string[] } {
    const sender = this.#members.get(memberKey(windowId, panelId));
    if (!sender) return { panels: 0, windows: [] };
    const at = this.#now();
    this.#current.set(sender.channel, { context, at });
    const byWindow = new Map<string, string[]>();
    for (const m of this.#members.values()) {
      if (m.channel !== sender.channel || !receivesLinks(m.kind)) continue;
      if (m.windowId === windowId && m.panelId === panelId) continue; // no echo
      const targets = byWindow.get(m.windowId) ?? [];
      targets.push(m.panelId);
      byWindow.set(m.windowId, targets);
    }
    let panels = 0;
    for (const [target, targets] of byWindow) {
      panels += targets.length;
      this.#deliver(target, {
        channel: sender.channel,
        context,
        source: { windowKey: sender.windowKey, panelId: sender.panelId },
        targets,
        at,
      });
    }
    return { panels, windows: [...byWindow.keys()] };
  }

  /** Re-sends each channel's current context to the window's following panels on it. */
  replay(windowId: string): number {
    const byChannel = new Map<LinkChannelId, string[]>();
    for (const f of this.followedBy(windowId)) {
      if (!f.context) continue;
      const list = byChannel.get(f.channel) ?? [];
      list.push(f.panelId);
      byChannel.set(f.channel, list);
    }
    for (const [channel, targets] of byChannel) {
      const current = this.#current.get(channel)!;
      this.#deliver(windowId, { channel, context: current.context, source: null, targets, at: current.at });
    }
    return byChannel.size;
  }
}

function memberKey(windowId: string, panelId: string): string {
  return `${windowId}\u0000${panelId}`;
}
