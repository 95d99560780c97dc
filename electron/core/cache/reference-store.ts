import type { Statement } from 'better-sqlite3';
import { Instrument, Quote, RiskConfig } from '../../../src/shared/domain';
import { inTransaction, type InTransaction } from './in-transaction';
import type { Db } from './migrations';
import { readAllStored, type InvalidRowCounter } from './stored-json';

/** Instruments, risk config and last quotes: data that is the same for every account. */
export class ReferenceStore {
  readonly #tx: InTransaction;
  readonly #invalid: InvalidRowCounter;
  readonly #clearInstruments: Statement<[]>;
  readonly #putInstrument: Statement<[number, string, string, string, string]>;
  readonly #allInstruments: Statement<[], string>;
  readonly #clearRisk: Statement<[]>;
  readonly #putRisk: Statement<[string, string, string]>;
  readonly #allRisk: Statement<[], string>;
  readonly #putQuote: Statement<[number, number, string]>;
  readonly #allQuotes: Statement<[], string>;
  readonly #clearQuotes: Statement<[]>;

  constructor(db: Db, invalid: InvalidRowCounter) {
    this.#tx = inTransaction(db);
    this.#invalid = invalid;
    this.#clearInstruments = db.prepare('DELETE FROM instruments');
    this.#putInstrument = db.prepare(
      'INSERT OR REPLACE INTO instruments (token, instrument_id, symbol, exchange, json) VALUES (?, ?, ?, ?, ?)',
    );
    this.#allInstruments = db.prepare<[], string>('SELECT json FROM instruments ORDER BY symbol, token').pluck();
    this.#clearRisk = db.prepare('DELETE FROM risk_config');
    this.#putRisk = db.prepare('INSERT OR REPLACE INTO risk_config (segment, product_type, json) VALUES (?, ?, ?)');
    this.#allRisk = db.prepare<[], string>('SELECT json FROM risk_config ORDER BY segment, product_type').pluck();
    // A quote only replaces one received earlier: quotes saved out of order never roll a price back.
    this.#putQuote = db.prepare(
      `INSERT INTO quotes (token, received_at, json) VALUES (?, ?, ?)
       ON CONFLICT (token) DO UPDATE SET received_at = excluded.received_at, json = excluded.json
       WHERE excluded.received_at >= quotes.received_at`,
    );
    this.#allQuotes = db.prepare<[], string>('SELECT json FROM quotes ORDER BY token').pluck();
    this.#clearQuotes = db.prepare('DELETE FROM quotes');
  }

  replaceInstruments(list: Instrument[]): void {
    this.#tx(() => {
      this.#clearInstruments.run();
      for (const i of list) this.#putInstrument.run(i.token, i.instrumentId, i.symbol, i.exchange, JSON.stringify(i));
    });
  }

  instruments(): Instrument[] {
    return readAllStored(Instrument, this.#allInstruments.all(), this.#invalid);
  }

  setRiskConfig(rows: RiskConfig[]): void {
    this.#tx(() => {
      this.#clearRisk.run();
      for (const r of rows) this.#putRisk.run(r.segment, r.productType, JSON.stringify(r));
    });
  }

  riskConfig(): RiskConfig[] {
    return readAllStored(RiskConfig, this.#allRisk.all(), this.#invalid);
  }

  saveQuotes(quotes: Quote[]): void {
    this.#tx(() => {
      for (const q of quotes) this.#putQuote.run(q.token, q.receivedAt, JSON.stringify(q));
    });
  }

  loadQuotes(): Quote[] {
    return readAllStored(Quote, this.#allQuotes.all(), this.#invalid);
  }

  clearQuotes(): void {
    this.#clearQuotes.run();
  }
}
