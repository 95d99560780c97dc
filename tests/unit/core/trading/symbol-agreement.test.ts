import { afterEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../../../electron/core/cache';
import { tradingInterest } from '../../../../electron/core/trading/interest';
import { instrumentBySymbol } from '../../../../electron/stack/market/catalogue';
import { tokenOfSymbol as ruleToken } from '../../../../src/shared/domain';
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
});
