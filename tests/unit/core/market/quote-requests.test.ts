import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuoteRequests } from '../../../../electron/core/market/quote-requests';

/** A `quote_data` as the service sends it: keyed by provider token, each entry naming its UIR id. */
function reply(...entries: Array<{ token: number; uirId: number }>) {
  return {
    data: Object.fromEntries(entries.map((e) => [String(e.token), { instrument_token: e.token, uir_id: e.uirId }])),
    cached: false,
  };
}

describe('QuoteRequests', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('matches each reply to the request whose instruments it names, whatever order they arrive in', async () => {
    const sent: string[][] = [];
    const requests = new QuoteRequests({ send: (refs) => sent.push(refs) > 0, timeoutMs: 3_000 });
    const first = requests.ask([{ exchange: 'NSE', uirId: 101 }]);
    const second = requests.ask([
      { exchange: 'BSE', uirId: 202 },
      { exchange: 'BSE', uirId: 203 },
    ]);
    expect(sent).toEqual([['NSE-101'], ['BSE-202', 'BSE-203']]);
    // The second request's answer comes first.
    requests.answer(reply({ token: 9202, uirId: 202 }, { token: 9203, uirId: 203 }));
    requests.answer(reply({ token: 9101, uirId: 101 }));
    expect(Object.keys((await second)!.data)).toEqual(['9202', '9203']);
    expect(Object.keys((await first)!.data)).toEqual(['9101']);
    expect(requests.size).toBe(0);
  });

  it('a reply naming no instrument answers the only request waiting, and no request when several wait', async () => {
    const requests = new QuoteRequests({ send: () => true, timeoutMs: 3_000 });
    const only = requests.ask([{ exchange: 'NSE', uirId: 1 }]);
    requests.answer({ data: {} });
    expect(await only).toEqual({ data: {} });

    const a = requests.ask([{ exchange: 'NSE', uirId: 1 }]);
    const b = requests.ask([{ exchange: 'NSE', uirId: 2 }]);
    requests.answer({ data: {} });
    expect(requests.size).toBe(2);
    vi.advanceTimersByTime(3_000);
    expect(await a).toBeNull();
    expect(await b).toBeNull();
  });

  it('an entry without a UIR id is matched by the ref in its key', async () => {
    const requests = new QuoteRequests({ send: () => true, timeoutMs: 3_000 });
    const a = requests.ask([{ exchange: 'NSE', uirId: 7 }]);
    const b = requests.ask([{ exchange: 'NSE', uirId: 8 }]);
    requests.answer({ data: { 'NSE-8': { last_price: 10 } } });
    expect((await b)!.data['NSE-8']).toMatchObject({ last_price: 10 });
    expect(requests.size).toBe(1);
    requests.cancelAll();
    expect(await a).toBeNull();
  });

  it('settles each request once: unsent at once, a late reply after the timeout is ignored, a malformed one too', async () => {
    const unsent = new QuoteRequests({ send: () => false, timeoutMs: 3_000 });
    expect(await unsent.ask([{ exchange: 'NSE', uirId: 1 }])).toBeNull();
    expect(unsent.size).toBe(0);

    const requests = new QuoteRequests({ send: () => true, timeoutMs: 3_000 });
    const late = requests.ask([{ exchange: 'NSE', uirId: 5 }]);
    requests.answer({ data: 'not a record' });
    expect(requests.size).toBe(1);
    vi.advanceTimersByTime(3_000);
    expect(await late).toBeNull();
    requests.answer(reply({ token: 95, uirId: 5 }));
    expect(requests.size).toBe(0);
    expect(await requests.ask([])).toBeNull();
  });
});
