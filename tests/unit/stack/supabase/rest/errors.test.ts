import { describe, expect, it } from 'vitest';
import { isConnectionError, toRestError } from '../../../../../electron/stack/supabase/rest/errors';

describe('REST errors while the database is away', () => {
  it('answers 503 PGRST001 for connection failures, keeps SQLSTATEs otherwise', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const terminated = new Error('Connection terminated unexpectedly');
    for (const e of [refused, shutdown, terminated]) {
      expect(isConnectionError(e)).toBe(true);
      expect(toRestError(e, 'authenticated')).toMatchObject({ status: 503, code: 'PGRST001' });
    }
    const raised = Object.assign(new Error('Insufficient margin'), { code: 'P0001', hint: 'insufficient_margin' });
    expect(isConnectionError(raised)).toBe(false);
    expect(toRestError(raised, 'authenticated')).toMatchObject({
      status: 400,
      code: 'P0001',
      hint: 'insufficient_margin',
    });
    expect(toRestError(new Error('secret internals'), 'anon')).toMatchObject({ status: 500, code: 'PGRST000' });
  });
});
