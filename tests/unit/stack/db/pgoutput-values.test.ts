import { describe, expect, it } from 'vitest';
import { parseArray, pgTextToJson } from '../../../../electron/stack/db/pgoutput-values';
import { defaultSlotName, lsnToBigInt } from '../../../../electron/stack/db/replication';

// The server-side truth (the same values through to_jsonb) is checked against a real server in
// tests/integration/stack/db/replication.postgres.test.ts; these pin the edge cases.
describe('pgoutput text → to_jsonb values', () => {
  it('converts by type oid', () => {
    expect(pgTextToJson('t', 16)).toBe(true);
    expect(pgTextToJson('f', 16)).toBe(false);
    expect(pgTextToJson('42', 23)).toBe(42);
    expect(pgTextToJson('1551.40', 1700)).toBe(1551.4);
    expect(pgTextToJson('NaN', 1700)).toBe('NaN');
    expect(pgTextToJson('Infinity', 701)).toBe('Infinity');
    expect(pgTextToJson('{"a":[1,null]}', 3802)).toEqual({ a: [1, null] });
    expect(pgTextToJson('2026-11-26 09:15:00.12', 1114)).toBe('2026-11-26T09:15:00.12');
    expect(pgTextToJson('2026-11-26 03:45:00.123456+00', 1184)).toBe('2026-11-26T03:45:00.123456+00:00');
    expect(pgTextToJson('2026-11-26 03:45:00+05:30', 1184)).toBe('2026-11-26T03:45:00+05:30');
    expect(pgTextToJson('2026-11-26', 1082)).toBe('2026-11-26');
    expect(pgTextToJson('BUY', 99999)).toBe('BUY'); // an enum: its label
    expect(pgTextToJson(null, 23)).toBeNull();
    expect(pgTextToJson('{1,NULL,3}', 1007)).toEqual([1, null, 3]);
  });

  it('parses one-dimensional array literals, quoting and escapes included', () => {
    expect(parseArray('{}')).toEqual([]);
    expect(parseArray('{a,"b c",NULL,"NULL","x\\"y","",z}')).toEqual(['a', 'b c', null, 'NULL', 'x"y', '', 'z']);
    expect(() => parseArray('{{1,2},{3,4}}')).toThrow(/multi-dimensional/);
    expect(() => parseArray('nope')).toThrow(/not a one-dimensional array/);
  });

  it('compares LSNs numerically and names slots within Postgres limits', () => {
    expect(lsnToBigInt('1/0') > lsnToBigInt('0/FFFFFFFF')).toBe(true);
    expect(lsnToBigInt('0/16B3748')).toBe(0x16b3748n);
    expect(defaultSlotName('Trade-Desk')).toBe('tradedesk_realtime_trade_desk');
    expect(defaultSlotName('x'.repeat(80))).toHaveLength(63);
  });
});
