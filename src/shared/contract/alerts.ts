import { z } from 'zod';
import { AlertCondition, AlertState, AlertView, Id, Int, PriceAlert } from '../domain';
import { EpochMs } from '../domain/primitives';
import { KeyAction, KeymapOverrides, MAX_KEYS_PER_ACTION } from '../keymap';

/**
 * Shapes of the alerts and keymap half of the contract; methods.ts and pushes.ts list them.
 * See docs/ARCHITECTURE.md "Price alerts" and "Keymap".
 */

/** What a write answers: the alert, and whether it still waits for the server (offline, or unconfirmed). */
const AlertWrite = z.object({ id: z.string(), pending: z.boolean() });
const Note = z.string().max(500).nullable();
/** A finite number; the value rules (tick grid, range) are checked in main with field errors. */
const Value = z.number().finite();

/** Every keymap answer: the keys in force per action, and which of them the trader changed. */
export const KeymapState = z.object({
  keymap: z.record(KeyAction, z.array(z.string())),
  overrides: KeymapOverrides,
});
export type KeymapState = z.infer<typeof KeymapState>;

export const alertMethods = {
  /** The alerts as the trader sees them (server rows + this terminal's queued writes), newest first. */
  'alerts.list': {
    args: z.object({ state: AlertState.optional() }).strict(),
    result: z.object({ alerts: z.array(AlertView) }),
  },
  /** A new alert on a known instrument (`token`); ACTIVE unless `state: 'DISABLED'`. */
  'alerts.create': {
    args: z
      .object({
        token: Int.pipe(z.number().int().nonnegative()),
        condition: AlertCondition,
        value: Value,
        note: Note.optional(),
        state: z.enum(['ACTIVE', 'DISABLED']).optional(),
      })
      .strict(),
    result: AlertWrite,
  },
  /**
   * Changes value, condition, note, or enables/disables. A new value or condition arms a fired
   * alert again. A watchlist alert's value is written to its watchlist row; its direction stays.
   */
  'alerts.update': {
    args: z
      .object({
        id: Id,
        value: Value.optional(),
        condition: AlertCondition.optional(),
        note: Note.optional(),
        state: z.enum(['ACTIVE', 'DISABLED']).optional(),
      })
      .strict()
      .refine(
        (a) => a.value !== undefined || a.condition !== undefined || a.note !== undefined || a.state !== undefined,
        {
          message: 'Give a new value, condition, note or state.',
        },
      ),
    result: AlertWrite,
  },
  /** Arms a triggered (or disabled) alert again, from the price now. */
  'alerts.rearm': { args: z.object({ id: Id }).strict(), result: AlertWrite },
  /** Deletes an alert (a watchlist alert: clears that direction on its watchlist row). */
  'alerts.delete': { args: z.object({ id: Id }).strict(), result: AlertWrite },
  /** The keymap in force for the signed-in trader (or this installation when signed out). */
  'keymap.get': { args: z.object({}).strict(), result: KeymapState },
  /** Gives an action exactly these keys (`[]`: none). A key another action has is refused (`conflict`, naming it). */
  'keymap.set': {
    args: z.object({ action: KeyAction, keys: z.array(z.string().min(1).max(40)).max(MAX_KEYS_PER_ACTION) }).strict(),
    result: KeymapState,
  },
  /** Back to the default keys: one action, or all. */
  'keymap.reset': { args: z.object({ action: KeyAction.optional() }).strict(), result: KeymapState },
} as const;

export const AlertTriggeredPush = z.object({
  /** The alert as it stands now (TRIGGERED). */
  alert: PriceAlert,
  /** The price that crossed, rupees, and the day change % then (null when unknown). */
  ltp: z.number(),
  changePct: z.number().nullable(),
  /** When main saw the crossing, epoch ms. */
  at: EpochMs,
  /** One line for the toast and the notification: `"RELIANCE crossed above ₹2,500.00 — LTP ₹2,500.05"`. */
  text: z.string(),
  /**
   * false: the server could not be asked (offline, or no answer) whether another terminal of
   * this trader fired it first, so the trader is told now and may hear it twice.
   */
  confirmed: z.boolean(),
  /**
   * true: the host already showed an OS notification (Electron); false: the page may show one
   * (the browser host: the Web Notifications API, once the trader allowed it).
   */
  osNotified: z.boolean(),
});
export type AlertTriggeredPush = z.infer<typeof AlertTriggeredPush>;

export const alertPushes = {
  /** An alert this terminal fired (and won): the toast. Sent by one terminal of a trader, not by every one. */
  'alerts.triggered': AlertTriggeredPush,
  /** A queued alert write the server refused later (an alert set offline, say): what and why. */
  'alerts.refused': z.object({
    alertId: z.string(),
    op: z.enum(['create', 'update', 'delete', 'fire']),
    symbol: z.string().nullable(),
    message: z.string(),
  }),
  /** The trader clicked an alert's OS notification: show that instrument. */
  'alerts.focus': z.object({
    alertId: z.string(),
    token: z.number().int(),
    symbol: z.string(),
    exchange: z.string().nullable(),
  }),
  /** The keymap changed (this window or another): shortcuts and the menu follow. */
  'keymap.changed': KeymapState,
  /**
   * The trader chose an action from the application menu (Electron): the focused window runs it
   * as if its key was pressed, under the same rules (text fields, open dialogs).
   */
  'keymap.invoke': z.object({ action: KeyAction }),
} as const;
