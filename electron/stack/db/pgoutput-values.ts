/**
 * pgoutput sends each column as its type's text output; Realtime payloads (and the PGlite outbox,
 * which stores `to_jsonb(row)`) carry the JSON rendering. This turns one into the other for the
 * types our tables use, exactly as `to_jsonb` renders them when the sender's session runs with
 * `DateStyle=ISO` and `TimeZone=UTC` (the replication connection sets both):
 *
 * - bool `t`/`f` → true/false; int2/int4/int8/oid/float4/float8/numeric → JSON number
 *   (`NaN`/`Infinity` stay strings, as to_jsonb writes them);
 * - json/jsonb → the parsed value;
 * - timestamp `2026-01-02 03:04:05.12` → `2026-01-02T03:04:05.12`; timestamptz `… +00` →
 *   `…T…+00:00`; date, time, uuid, text, enums and everything else → the text itself;
 * - one-dimensional arrays of the above → JSON arrays.
 */

const BOOL = 16;
const NUMBERS = new Set([20, 21, 23, 26, 700, 701, 1700]);
const JSONS = new Set([114, 3802]);
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
/** Array type oid → element type oid (the built-in ones our conversions know). */
const ARRAY_OF = new Map<number, number>([
  [1000, BOOL],
  [1005, 21],
  [1007, 23],
  [1016, 20],
  [1021, 700],
  [1022, 701],
  [1231, 1700],
  [199, 114],
  [3807, 3802],
  [1115, TIMESTAMP],
  [1185, TIMESTAMPTZ],
  [1009, 25],
  [1015, 1043],
  [2951, 2950],
]);

export function pgTextToJson(text: string | null | undefined, typeOid: number): unknown {
  if (text === null || text === undefined) return null;
  if (typeOid === BOOL) return text === 't';
  if (NUMBERS.has(typeOid)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (JSONS.has(typeOid)) return JSON.parse(text) as unknown;
  if (typeOid === TIMESTAMP) return text.replace(' ', 'T');
  if (typeOid === TIMESTAMPTZ) return text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const element = ARRAY_OF.get(typeOid);
  if (element !== undefined) return parseArray(text).map((e) => pgTextToJson(e, element));
  return text;
}

/** A one-dimensional array literal (`{a,"b c",NULL}`) → its elements as text (NULL → null). */
export function parseArray(text: string): (string | null)[] {
  if (!text.startsWith('{') || !text.endsWith('}')) throw new Error(`not a one-dimensional array: ${text}`);
  const body = text.slice(1, -1);
  const out: (string | null)[] = [];
  if (body === '') return out;
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '"') {
      let value = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i];
        i++;
      }
      out.push(value);
      i += 2; // closing quote and the comma
    } else {
      const end = body.indexOf(',', i);
      const raw = end === -1 ? body.slice(i) : body.slice(i, end);
      if (raw.startsWith('{')) throw new Error(`multi-dimensional arrays are not supported: ${text}`);
      out.push(raw === 'NULL' ? null : raw);
      i = end === -1 ? body.length + 1 : end + 1;
    }
  }
  return out;
}
