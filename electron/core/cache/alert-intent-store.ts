import type { Statement } from 'better-sqlite3';
import { AlertIntent } from '../../../src/shared/domain';
import type { Db } from './migrations';
import { readAllStored, type InvalidRowCounter } from './stored-json';

/** The alert writes queued for the server, in the order they were made (cache migration 6). */
export class AlertIntentStore {
  readonly #invalid: InvalidRowCounter;
  readonly #insert: Statement<[string, string, string]>;
  readonly #replace: Statement<[string, string]>;
  readonly #delete: Statement<[string]>;
  readonly #all: Statement<[], string>;
  readonly #clear: Statement<[]>;

  constructor(db: Db, invalid: InvalidRowCounter) {
    this.#invalid = invalid;
    this.#insert = db.prepare('INSERT INTO alert_intents (op_id, alert_id, json) VALUES (?, ?, ?)');
    // An intent keeps its place in the queue when it is updated (a fire marked notified).
    this.#replace = db.prepare('UPDATE alert_intents SET json = ? WHERE op_id = ?');
    this.#delete = db.prepare('DELETE FROM alert_intents WHERE op_id = ?');
    this.#all = db.prepare<[], string>('SELECT json FROM alert_intents ORDER BY seq').pluck();
    this.#clear = db.prepare('DELETE FROM alert_intents');
  }

  put(intent: AlertIntent): void {
    const json = JSON.stringify(intent);
    if (this.#replace.run(json, intent.opId).changes === 0) this.#insert.run(intent.opId, intent.alertId, json);
  }

  delete(opId: string): void {
    this.#delete.run(opId);
  }

  all(): AlertIntent[] {
    return readAllStored(AlertIntent, this.#all.all(), this.#invalid);
  }

  clear(): void {
    this.#clear.run();
  }
}
