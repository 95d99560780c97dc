import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../../../electron/core/cache';
import { tradingInterest } from '../../../../electron/core/trading/interest';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { EXCHANGE_PREFIXES, exchangeRank, tokenOfSymbol as ruleToken } from '../../../../src/shared/domain';
import { applySnapshot } from '../../../../src/renderer/store/reducers';
import { tokenOfSymbol as selectorToken } from '../../../../src/renderer/store/selectors';
import { ACCOUNT_ID, position, tempDir } from '../cache/fixtures';
import { instrument, snapshot } from '../../renderer/fixtures';

/** INFY listed on BSE (token 500209, listed first) and on NSE (1594): every caller must pick NSE's. */
const INFY_BSE = instrument(500209, 'INFY', 'BSE_EQ');
const INFY_NSE = instrument(1594, 'INFY', 'NSE_EQ');

describe('a symbol listed on NSE and BSE: every caller of the symbol rule agrees', () => {
  let cache: Cache | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(() => {
    cache?.close();
    cleanup?.();
  });

  it('the renderer’s selector, main’s market interest and the rule itself all name NSE’s INFY', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    cache = openCache(t.file()).cache;
    cache.replaceInstruments([INFY_BSE, INFY_NSE]);
    cache.upsert('position', [position({ id: 'p1', tradingAccountId: ACCOUNT_ID, symbol: 'INFY', quantity: 5 })]);

    const rule = ruleToken(cache.instruments(), 'INFY');
    expect(rule).toBe(1594);
    // Main: the prices it keeps subscribed for the open position (TradingActions resolves an
    // intent's token through the same `tokenOfSymbol` over the same cached instruments).
    expect(tradingInterest(cache)).toEqual([rule]);
    // The renderer: a position row finds its quote through the same rule, whatever the order of
    // the snapshot's instruments.
    for (const instruments of [
      [INFY_BSE, INFY_NSE],
      [INFY_NSE, INFY_BSE],
    ]) {
      const data = applySnapshot(snapshot({ instruments }));
      expect(selectorToken({ trading: data }, 'INFY')).toBe(rule);
      expect(selectorToken({ trading: data }, 'infy')).toBe(rule);
    }
  });

  it('the embedded backend’s broker and market resolve symbols by the same rule', () => {
    expect(instrumentBySymbol(' reliance ')?.symbol).toBe('RELIANCE');
    expect(instrumentBySymbol('NSE:RELIANCE')?.exchange).toBe('NSE_EQ');
  });

  it('the database’s place_order ranks exchanges as the rule does (its choice on both engines: tests/integration/supabase/symbol_rule.test.ts)', () => {
    // The latest migration defining tradedesk_exchange_rank, as a hosted project would run it.
    const dir = join(__dirname, '../../../../supabase/migrations');
    const latest = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .filter((sql) => sql.includes('FUNCTION tradedesk_exchange_rank('))
      .pop();
    expect(latest).toBeDefined();
    const body = /FUNCTION tradedesk_exchange_rank\([^)]*\)[\s\S]*?\$\$([\s\S]*?)\$\$/.exec(latest!)?.[1] ?? '';
    const sqlRank = new Map([...body.matchAll(/WHEN '([A-Z_]+)' THEN (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    const otherwise = Number(/ELSE (\d+)/.exec(body)?.[1]);
    expect(sqlRank.size).toBeGreaterThan(0);
    const exchanges = new Set([...Object.values(EXCHANGE_PREFIXES).flat(), ...sqlRank.keys(), 'NSE', 'BSE', 'XYZ']);
    for (const exchange of exchanges) {
      expect([exchange, sqlRank.get(exchange) ?? otherwise]).toEqual([exchange, exchangeRank(exchange)]);
    }

    // …and reads a row's exchange code from the same exchange codes (exchangeCodeOf).
    const code = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .filter((sql) => sql.includes('FUNCTION tradedesk_exchange_code('))
      .pop();
    const codeBody = /FUNCTION tradedesk_exchange_code\([^)]*\)[\s\S]*?\$\$([\s\S]*?)\$\$/.exec(code ?? '')?.[1] ?? '';
    const arrays = [...codeBody.matchAll(/ARRAY\[([^\]]*)\]/g)].map((m) =>
      [...m[1]!.matchAll(/'([A-Z_]+)'/g)].map((c) => c[1]).sort(),
    );
    expect(arrays.length).toBe(2);
    for (const codes of arrays) expect(codes).toEqual(Object.values(EXCHANGE_PREFIXES).flat().sort());
  });
});
