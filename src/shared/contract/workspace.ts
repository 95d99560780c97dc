import { z } from 'zod';
import { EpochMs } from '../domain/primitives';
import {
  LayoutId,
  LayoutName,
  Panel,
  PanelId,
  PanelKind,
  WindowKey,
  WindowLayout,
  WindowLayouts,
  WindowTopic,
} from '../layout';
import { LinkChannelId, LinkContext } from '../link';

/**
 * Shapes of the workspace half of the contract (layouts, windows, links); methods.ts and
 * pushes.ts list them. See docs/ARCHITECTURE.md "Windows, layouts and links".
 */

/** Why the layout on screen is not the one asked for. Shown once as a notice. */
export const LayoutNotice = z
  .object({
    code: z.enum(['layout_unreadable', 'layout_future_version']),
    message: z.string(),
    /** Where the bad record was kept (a `layouts` row id); nothing is deleted. */
    asideId: z.string(),
  })
  .strict();
export type LayoutNotice = z.infer<typeof LayoutNotice>;

export const LayoutSummary = z
  .object({
    id: LayoutId,
    name: z.string(),
    updatedAt: EpochMs,
    /** Monitor sets this layout has an arrangement for. */
    monitorSets: z.array(z.string()),
    /** It has an arrangement for exactly the displays present. */
    matchesDisplays: z.boolean(),
    active: z.boolean(),
  })
  .strict();
export type LayoutSummary = z.infer<typeof LayoutSummary>;

/** The active layout as one window sees it. */
export const LayoutState = z
  .object({
    layout: z.object({ id: LayoutId, name: z.string() }).strict(),
    /** The displays present, as a monitor-set key (`none` in the browser host). */
    monitorSet: z.string(),
    /** `exact`: saved for these displays; `nearest`: another set's arrangement, re-placed. */
    variant: z.enum(['exact', 'nearest']),
    windows: WindowLayouts,
    /** Keys of the layout windows that have a live window now (the rest can be restored). */
    open: z.array(WindowKey),
    /** The asking window's key; null for a window not bound to the layout. */
    self: WindowKey.nullable(),
    notice: LayoutNotice.nullable(),
  })
  .strict();
export type LayoutState = z.infer<typeof LayoutState>;

export const LayoutChangeReason = z.enum(['switched', 'saved', 'renamed', 'deleted', 'windows']);
export type LayoutChangeReason = z.infer<typeof LayoutChangeReason>;

export const WindowInfo = z
  .object({
    key: WindowKey,
    role: WindowLayout.shape.role,
    open: z.boolean(),
    panels: z.array(z.object({ id: PanelId, kind: PanelKind, link: LinkChannelId.nullable() }).strict()),
    topics: z.array(WindowTopic),
    /** Instruments this window's panels hold interest in (ref-counted with every other owner). */
    instruments: z.number().int().nonnegative(),
  })
  .strict();
export type WindowInfo = z.infer<typeof WindowInfo>;

export const LinkContextPush = z
  .object({
    channel: LinkChannelId,
    context: LinkContext,
    /** Who broadcast it (null: replayed to a panel that joined or was restored). */
    source: z.object({ windowKey: WindowKey.nullable(), panelId: PanelId }).strict().nullable(),
    /** The panels of the receiving window that are on the channel and follow links. */
    targets: z.array(PanelId).min(1),
    /** When main accepted the broadcast, epoch ms. */
    at: EpochMs,
  })
  .strict();
export type LinkContextPush = z.infer<typeof LinkContextPush>;

export const workspaceMethods = {
  'layout.get': { args: z.object({}).strict(), result: LayoutState },
  'layout.list': {
    args: z.object({}).strict(),
    result: z.object({ activeId: LayoutId, layouts: z.array(LayoutSummary) }).strict(),
  },
  /** Without a name: write the current arrangement now. With one: save it as a new layout (becomes active). */
  'layout.save': { args: z.object({ name: LayoutName.optional() }).strict(), result: LayoutSummary },
  'layout.switch': { args: z.object({ id: LayoutId }).strict(), result: LayoutState },
  'layout.rename': { args: z.object({ id: LayoutId, name: LayoutName }).strict(), result: LayoutSummary },
  /** Deleting the active layout switches to the most recent other one (or a fresh default). */
  'layout.delete': { args: z.object({ id: LayoutId }).strict(), result: z.object({ activeId: LayoutId }).strict() },
  /** The calling window's panels and their settings (columns, sort, list, link); main filters its pushes by them. */
  'window.setPanels': {
    args: z.object({ panels: z.array(Panel).max(16) }).strict(),
    result: z.object({ topics: z.array(WindowTopic) }).strict(),
  },
  /**
   * Moves a panel of the calling window into a new window of its own. `open: 'host'`: main
   * opens it (Electron); `'client'`: the caller opens `?window=<key>` itself (a browser page may
   * only open windows from a click).
   */
  'window.detach': {
    args: z.object({ panelId: PanelId }).strict(),
    result: z.object({ key: WindowKey, open: z.enum(['host', 'client']) }).strict(),
  },
  /** Opens a layout window that is not open (restore, or after a crash). */
  'window.open': {
    args: z.object({ key: WindowKey }).strict(),
    result: z.object({ key: WindowKey, open: z.enum(['host', 'client', 'already']) }).strict(),
  },
  /**
   * Closes a detached window (default: the caller's) and removes it from the layout; its panels
   * go back to the main window (a one-per-window kind the main window already shows is dropped).
   */
  'window.close': { args: z.object({ key: WindowKey.optional() }).strict(), result: z.object({ ok: z.literal(true) }) },
  'window.list': { args: z.object({}).strict(), result: z.object({ windows: z.array(WindowInfo) }).strict() },
  /** Puts a panel of the calling window on a channel; answers with the channel's current context at once. */
  'link.join': {
    args: z.object({ panelId: PanelId, channel: LinkChannelId }).strict(),
    result: z.object({ channel: LinkChannelId, context: LinkContext.nullable() }).strict(),
  },
  'link.leave': { args: z.object({ panelId: PanelId }).strict(), result: z.object({ ok: z.literal(true) }) },
  /** Sets the channel's context and delivers it to every other following panel on it (never back to the sender). */
  'link.broadcast': {
    args: z.object({ panelId: PanelId, context: LinkContext }).strict(),
    result: z.object({ delivered: z.number().int().nonnegative() }).strict(),
  },
} as const;

export const workspacePushes = {
  /** A linked instrument for some panels of this window (apply with `decideFollow`). */
  'link.context': LinkContextPush,
  /** The layout changed (switched, renamed, a window opened or closed…): the new state for this window. */
  'layout.changed': z.object({ reason: LayoutChangeReason, state: LayoutState }).strict(),
} as const;
