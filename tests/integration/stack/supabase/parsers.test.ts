import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt, apiKeysFor, DEFAULT_JWT_SECRET } from '../../../../electron/stack/supabase/jwt';
import { hashPassword, verifyPassword } from '../../../../electron/stack/supabase/password';
import {
  parseFilter,
  parseInList,
  parseOrder,
  parseReadQuery,
  parseSelect,
} from '../../../../electron/stack/supabase/rest/query';
import { RestError } from '../../../../electron/stack/supabase/rest/errors';
import { matchesFilter, parseChangeFilter } from '../../../../electron/stack/supabase/realtime/filter';
import { decodeFrame, encodeFrame } from '../../../../electron/stack/supabase/realtime/phoenix';

// The gateway's pure parts, checked on their own (the integration files drive them end to end).

describe('jwt', () => {
  it('reproduces the Supabase CLI anon key and verifies it', () => {
    const { anonKey } = apiKeysFor(DEFAULT_JWT_SECRET);
    expect(anonKey).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    );
    expect(verifyJwt(anonKey, DEFAULT_JWT_SECRET)).toMatchObject({ ok: true, claims: { role: 'anon' } });
  });

  it('refuses wrong secrets, alg none, tampering and expiry', () => {
    const t = signJwt({ role: 'authenticated', exp: 2_000_000_000 }, 's1');
    expect(verifyJwt(t, 's2')).toMatchObject({ ok: false, reason: 'bad_signature' });
    const [h, p] = t.split('.');
    const tampered = `${h}.${Buffer.from('{"role":"service_role","exp":2000000000}').toString('base64url')}.${t.split('.')[2]}`;
    expect(verifyJwt(tampered, 's1').ok).toBe(false);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect(verifyJwt(none, 's1').ok).toBe(false);
    expect(verifyJwt(t, 's1', 2_000_000_001)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyJwt('garbage', 's1')).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('password', () => {
  it('hashes in the agreed scrypt format and verifies', async () => {
    const h = await hashPassword('tradedesk-demo', Buffer.alloc(16, 7));
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('tradedesk-demo', h)).toBe(true);
    expect(await verifyPassword('tradedesk-dem0', h)).toBe(false);
    expect(await verifyPassword('x', '$2a$10$bcrypt-hash')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('PostgREST query parsing', () => {
  it('parses what postgrest-js emits', () => {
    const q = parseReadQuery(
      new URLSearchParams(
        'select=id,"userId",alias:name&userId=eq.u&status=in.(a,"b,c")&deleted_at=is.null&price=not.gt.5&order=createdAt.desc.nullsfirst,id&offset=10&limit=5',
      ),
    );
    expect(q.select).toEqual([
      { kind: 'column', column: 'id', alias: 'id' },
      { kind: 'column', column: 'userId', alias: 'userId' },
      { kind: 'column', column: 'name', alias: 'alias' },
    ]);
    expect(q.filters).toEqual([
      { column: 'userId', negate: false, op: 'eq', value: 'u' },
      { column: 'status', negate: false, op: 'in', values: ['a', 'b,c'] },
      { column: 'deleted_at', negate: false, op: 'is', value: 'null' },
      { column: 'price', negate: true, op: 'gt', value: '5' },
    ]);
    expect(q.order).toEqual([
      { column: 'createdAt', direction: 'desc', nulls: 'first' },
      { column: 'id', direction: 'asc', nulls: null },
    ]);
    expect([q.offset, q.limit]).toEqual([10, 5]);
    expect(parseReadQuery(new URLSearchParams(''), '0-9')).toMatchObject({ offset: 0, limit: 10 });
  });

  it('refuses injection-shaped identifiers and unknown operators with PGRST100', () => {
    const bad = [
      () => parseSelect('id;drop table x'),
      () => parseSelect('items(*)'),
      () => parseFilter('a', 'zz.1'),
      () => parseFilter('a b;--', 'eq.1'),
      () => parseFilter('a', 'is.maybe'),
      () => parseOrder('id;drop'),
      () => parseInList('1,2'),
      () => parseReadQuery(new URLSearchParams('limit=-1')),
      () => parseReadQuery(new URLSearchParams('or=(a.eq.1,b.eq.2)')),
    ];
    for (const f of bad) {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(RestError);
      expect((caught as RestError).code).toBe('PGRST100');
    }
  });
});

describe('realtime filters and framing', () => {
  it('parses and evaluates the classic filter set', () => {
    const f = (s: string) => {
      const r = parseChangeFilter(s);
      if (!r.ok || !r.filter) throw new Error('parse');
      return r.filter;
    };
    const row = { id: 'x', qty: 10, status: 'PENDING', note: null };
    expect(matchesFilter(f('id=eq.x'), row)).toBe(true);
    expect(matchesFilter(f('qty=gt.9'), row)).toBe(true);
    expect(matchesFilter(f('qty=lt.9'), row)).toBe(false);
    expect(matchesFilter(f('qty=gte.10'), row)).toBe(true);
    expect(matchesFilter(f('qty=neq.10'), row)).toBe(false);
    expect(matchesFilter(f('status=in.(EXECUTED,PENDING)'), row)).toBe(true);
    expect(matchesFilter(f('note=eq.null'), row)).toBe(false);
    expect(matchesFilter(f('missing=eq.1'), row)).toBe(false);
    expect(parseChangeFilter('qty=like.1').ok).toBe(false);
    expect(parseChangeFilter(undefined)).toEqual({ ok: true, filter: null });
  });

  it('round-trips Phoenix frames in both vsn and drops malformed ones', () => {
    const m = { joinRef: '1', ref: '2', topic: 'realtime:x', event: 'phx_join', payload: { a: 1 } };
    expect(decodeFrame(encodeFrame(m, '2.0.0'), '2.0.0')).toEqual(m);
    expect(JSON.parse(encodeFrame(m, '1.0.0'))).toEqual({
      topic: 'realtime:x',
      event: 'phx_join',
      payload: { a: 1 },
      ref: '2',
    });
    expect(decodeFrame('{"topic":"t","event":"e","payload":{},"ref":"3","join_ref":null}', '1.0.0')).toMatchObject({
      ref: '3',
      joinRef: null,
    });
    for (const bad of ['', 'nope', '[1,2]', '{"topic":1}', '[null,null,"t","e","notobject"]']) {
      expect(decodeFrame(bad, '2.0.0')).toBeNull();
    }
  });
});
