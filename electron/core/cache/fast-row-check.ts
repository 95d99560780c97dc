import type { z } from 'zod';
import {
  Account,
  Instrument,
  isCanonicalInstant,
  Order,
  OrderSide,
  OrderStatus,
  OrderType,
  Position,
  Quote,
  RiskConfig,
  TickDirection,
  Transaction,
  TransactionType,
  Watchlist,
  WatchlistItem,
} from '../../../src/shared/domain';

/**
 * A hand-written structural check of a row already in its exact parsed domain shape — what the
 * cache itself writes (`JSON.stringify` of a parsed row). Reading thousands of cached rows
 * through zod dominated offline start-up (a cold first parse of 5,000 orders took ~0.4 s), so
 * the cache tries this check first and falls back to the zod schema, which stays the authority:
 *
 *   check(v) === true  ⇒  schema.safeParse(v) succeeds and its data deep-equals v, keys in order.
 *
 * The check is therefore strict: every key known, in schema order, every type the post-parse
 * type (numbers, not numeric strings; defaults present). Anything else (an older build's row,
 * a hand edit, a numeric string) simply goes to zod, which repairs, defaults or rejects it.
 * `tests/unit/core/cache/fast-row-check.test.ts` holds the implication above against the schemas.
 */
export type FastCheck = (value: unknown) => boolean;

type ValueCheck = (v: unknown) => boolean;
interface FieldSpec {
  name: string;
  check: ValueCheck;
  /** `.optional()` without a default: the key may be absent (JSON has no undefined). */
  optional: boolean;
}

const str: ValueCheck = (v) => typeof v === 'string';
/** `Id`: 1..128 code points (units ≤ 128 implies code points ≤ 128; longer ones go to zod). */
const id: ValueCheck = (v) => typeof v === 'string' && v.length >= 1 && v.length <= 128;
/** `Timestamp`: already the canonical UTC instant the schema produces (anything else goes to zod). */
const ts: ValueCheck = (v) => typeof v === 'string' && isCanonicalInstant(v);
/** `Int` after parsing: zod's `.int()` means a safe integer. */
const int: ValueCheck = (v) => Number.isSafeInteger(v);
/** `Num` after parsing (JSON cannot hold NaN or Infinity, but a check must not rely on its input). */
const num: ValueCheck = (v) => typeof v === 'number' && Number.isFinite(v);
const epochMs: ValueCheck = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const bool: ValueCheck = (v) => typeof v === 'boolean';
/** Enum values come from the schemas themselves, so a new value cannot drift past the check. */
const oneOf = (values: readonly string[]): ValueCheck => {
  const set = new Set(values);
  return (v) => typeof v === 'string' && set.has(v);
};
/** `{lower, upper}` (an instrument's price band): exactly those two finite numbers. */
const band: ValueCheck = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  return keys.length === 2 && num(o['lower']) && num(o['upper']);
};
const nullable =
  (check: ValueCheck): ValueCheck =>
  (v) =>
    v === null || check(v);

const req = (name: string, check: ValueCheck): FieldSpec => ({ name, check, optional: false });
const opt = (name: string, check: ValueCheck): FieldSpec => ({ name, check, optional: true });

/** Compiles field specs (in schema key order) into one check: a single pass over the object's keys. */
function compile(fields: readonly FieldSpec[]): FastCheck {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const row = value as Record<string, unknown>;
    let i = 0;
    for (const key in row) {
      // Skip absent optional fields; a key out of order or unknown falls through to zod.
      while (i < fields.length && fields[i]!.name !== key) {
        if (!fields[i]!.optional) return false;
        i++;
      }
      if (i === fields.length) return false;
      if (!fields[i]!.check(row[key])) return false;
      i++;
    }
    for (; i < fields.length; i++) if (!fields[i]!.optional) return false;
    return true;
  };
}

/** Field specs per schema, in the schema's key order. The unit test compares the key lists. */
export const fastCheckSpecs = new Map<z.ZodType, readonly FieldSpec[]>([
  [
    Account,
    [
      req('id', id),
      req('userId', str),
      req('balance', int),
      req('availableMargin', int),
      req('usedMargin', int),
      req('clientId', nullable(str)),
      opt('createdAt', ts),
      opt('updatedAt', ts),
      req('version', int),
    ],
  ],
  [
    Order,
    [
      req('id', id),
      req('tradingAccountId', id),
      req('symbol', str),
      req('quantity', int),
      req('orderType', oneOf(OrderType.options)),
      req('orderSide', oneOf(OrderSide.options)),
      req('price', nullable(num)),
      req('triggerPrice', nullable(num)),
      req('triggeredAt', nullable(ts)),
      req('filledQuantity', int),
      req('averagePrice', nullable(num)),
      req('productType', str),
      req('status', oneOf(OrderStatus.options)),
      req('createdAt', ts),
      req('executedAt', nullable(ts)),
      req('stockId', nullable(str)),
      req('positionId', nullable(str)),
      req('clientOrderId', nullable(str)),
      req('marginBlocked', int),
      req('chargesDeducted', int),
      req('realizedPnL', num),
      req('realizedPnLRounding', num),
      opt('updatedAt', ts),
      req('version', int),
    ],
  ],
  [
    Position,
    [
      req('id', id),
      req('tradingAccountId', id),
      req('symbol', str),
      req('quantity', int),
      req('averagePrice', num),
      req('unrealizedPnL', num),
      req('dayPnL', num),
      req('realizedPnL', num),
      req('realizedPnLRounding', num),
      req('stopLoss', nullable(num)),
      req('target', nullable(num)),
      opt('productType', str),
      req('createdAt', ts),
      req('stockId', nullable(str)),
      opt('updatedAt', ts),
      req('version', int),
    ],
  ],
  [
    Transaction,
    [
      req('id', id),
      req('tradingAccountId', id),
      req('amount', num),
      req('type', oneOf(TransactionType.options)),
      req('description', nullable(str)),
      req('createdAt', ts),
      req('orderId', nullable(str)),
      req('positionId', nullable(str)),
      opt('updatedAt', ts),
      opt('version', int),
    ],
  ],
  [
    Watchlist,
    [
      req('id', id),
      req('userId', str),
      req('name', str),
      req('description', nullable(str)),
      req('color', nullable(str)),
      req('isDefault', bool),
      req('isPrivate', bool),
      req('sortOrder', int),
      opt('createdAt', ts),
      opt('updatedAt', ts),
      req('version', int),
    ],
  ],
  [
    WatchlistItem,
    [
      req('id', id),
      req('watchlistId', id),
      req('token', nullable(int)),
      req('symbol', nullable(str)),
      req('exchange', nullable(str)),
      req('segment', nullable(str)),
      req('name', nullable(str)),
      req('notes', nullable(str)),
      req('alertPrice', nullable(num)),
      req('alertType', nullable(str)),
      req('sortOrder', int),
      req('lotSize', nullable(num)),
      opt('createdAt', ts),
      opt('updatedAt', ts),
      req('version', int),
    ],
  ],
  [
    Instrument,
    [
      req('token', int),
      req('instrumentId', str),
      req('symbol', str),
      req('name', str),
      req('exchange', str),
      req('segment', str),
      req('instrumentType', str),
      req('lotSize', num),
      req('tickSize', num),
      req('lastPrice', nullable(num)),
      opt('optionType', nullable(str)),
      opt('priceBand', nullable(band)),
    ],
  ],
  [
    Quote,
    [
      req('token', int),
      req('ltp', num),
      req('open', nullable(num)),
      req('high', nullable(num)),
      req('low', nullable(num)),
      req('close', nullable(num)),
      req('volume', nullable(num)),
      req('change', nullable(num)),
      req('changePct', nullable(num)),
      req('bid', nullable(num)),
      req('ask', nullable(num)),
      req('direction', oneOf(TickDirection.options)),
      req('ts', epochMs),
      req('receivedAt', epochMs),
    ],
  ],
  [
    RiskConfig,
    [
      req('segment', str),
      req('productType', str),
      req('leverage', num),
      req('brokerageFlat', nullable(num)),
      req('brokerageRate', nullable(num)),
      req('brokerageCap', nullable(num)),
      req('active', bool),
    ],
  ],
]);

const compiled = new Map<z.ZodType, FastCheck>(
  [...fastCheckSpecs].map(([schema, fields]) => [schema, compile(fields)]),
);

/** The fast check for a schema, or undefined when the schema has none (zod alone reads it). */
export function fastCheckOf(schema: z.ZodType<unknown, unknown>): FastCheck | undefined {
  return compiled.get(schema as z.ZodType);
}
