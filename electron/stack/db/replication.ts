import { randomUUID } from 'node:crypto';
import type { ClientConfig } from 'pg';
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import {
  DatabaseSetupError,
  type CapturedChange,
  type ChangeFeed,
  type ChangeFeedObserver,
  type ChangeHandler,
  type Queryable,
} from './database';
import { pgTextToJson } from './pgoutput-values';

/**
 * Change capture on a PostgreSQL server, as Supabase Realtime does it: logical replication of
 * the `supabase_realtime` publication through the built-in `pgoutput` plugin, decoded by
 * `pg-logical-replication` (a maintained client over node-postgres' replication protocol).
 * The server sends whole transactions in commit order, once each, with the old row where
 * REPLICA IDENTITY FULL provides it.
 *
 * Position. The slot (created here when absent, kept across restarts) remembers what was
 * acknowledged. A transaction is acknowledged only after the handler has returned for it, so a
 * gateway that stops resumes with the next commit: nothing lost, nothing repeated. When the
 * connection drops (the server restarts) the feed reconnects with backoff; the server then
 * re-sends what was not yet acknowledged, and transactions at or before the last one handed
 * over are skipped, so the handler still sees each commit once.
 *
 * Batching. Transactions already received are handed over together (up to `batchChanges`
 * changes), so the dispatcher's RLS checks are batched under load; when nothing more is
 * waiting the commit is handed over at once.
 */

export interface ReplicationFeedOptions {
  /** How to reach the server (the replication connection adds `replication: 'database'`). */
  connection: ClientConfig;
  /** Ordinary queries: slot management and flush markers. */
  db: Queryable;
  /** Replication slot name ([a-z0-9_], ≤ 63). */
  slotName: string;
  /** Changes handed over in one batch at most (default 500). */
  batchChanges?: number;
  log?: (line: string) => void;
  observer?: ChangeFeedObserver;
}

const PUBLICATION = 'supabase_realtime';
/** Prefix of the transactional logical messages `flush()` writes into the WAL. */
const FLUSH_PREFIX = 'tradedesk.flush';
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 2_000;
/**
 * How long a start waits for the slot to be free: the walsender of a gateway that just stopped
 * takes a moment to exit. Past that, the slot belongs to a gateway that is still running.
 */
const SLOT_BUSY_WAIT_MS = 5_000;

/** `0/16B3748` → a comparable number. */
export function lsnToBigInt(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi ?? '0'}`) << 32n) | BigInt(`0x${lo ?? '0'}`);
}

/** A slot name derived from the database name, unique per database in a cluster. */
export function defaultSlotName(database: string): string {
  const clean = database.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `tradedesk_realtime_${clean}`.slice(0, 63);
}

/**
 * Ends a replication service for good. The library removes its listeners from the underlying
 * node-postgres client once that has ended; a socket error arriving later (the server died)
 * would then be uncaught, so the client keeps a listener that ignores it.
 */
async function retire(service: LogicalReplicationService): Promise<void> {
  const client = (service as unknown as { _client?: { on(event: 'error', fn: () => void): void } | null })._client;
  client?.on('error', () => undefined);
  try {
    await service.destroy();
  } catch {
    // already broken: nothing to close
  } finally {
    client?.on('error', () => undefined);
  }
}

/** pgoutput whose column values stay text (converted per type by pgoutput-values.ts). */
class TextPgoutput extends PgoutputPlugin {
  received = 0;
  override parse(buffer: Buffer): Pgoutput.Message {
    const msg = super.parse(buffer);
    this.received++;
    // Called synchronously on arrival, in order, before any row of this relation is parsed.
    if (msg.tag === 'relation') for (const c of msg.columns) c.parser = (raw: unknown) => raw;
    return msg;
  }
}

interface OpenTransaction {
  xid: number;
  commitLsn: bigint;
  commitTimestamp: string;
  changes: CapturedChange[];
  markers: string[];
}

interface ReadyTransaction extends OpenTransaction {
  /** The LSN to acknowledge once handed over (end of the commit record). */
  ackLsn: string;
}

function rowOf(
  tuple: Record<string, unknown> | null,
  relation: Pgoutput.MessageRelation,
): Record<string, unknown> | null {
  if (!tuple) return null;
  const row: Record<string, unknown> = {};
  for (const c of relation.columns) {
    if (!(c.name in tuple)) continue;
    const raw = tuple[c.name];
    // An unchanged TOASTed value without an old row to copy it from is simply absent.
    if (raw === undefined) continue;
    row[c.name] = pgTextToJson(raw as string | null, c.typeOid);
  }
  return row;
}

/**
 * Resolves once none of these transactions is still in progress. A walsender may send a
 * transaction as soon as its commit record is flushed, a moment before the committing backend
 * makes it visible to other sessions; a consumer that then reads (the RLS visibility check,
 * the broker fetching the order it was told about) could miss the row. `xids` are the 32-bit
 * ids pgoutput reports, widened with the epoch of the snapshot's xmax. An id at or above xmax is
 * normal — xmax is one past the latest *completed* id, and the transactions we wait for are by
 * definition not completed — so only an id more than 2^31 above xmax is taken to be from the
 * previous epoch (xid wraparound, as PostgreSQL's own 32-bit comparison does).
 */
export async function waitUntilVisible(db: Queryable, xids: number[], timeoutMs = 10_000): Promise<void> {
  if (xids.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await db.query<{ n: number }>(
      `WITH cur AS (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS x),
            ids AS (SELECT ((cur.x >> 32) << 32) + t.xid AS full_id, cur.x FROM cur, unnest($1::bigint[]) AS t(xid))
       SELECT count(*)::int AS n FROM ids
        WHERE pg_xact_status((CASE WHEN full_id > x + 2147483648 AND full_id >= 4294967296
                                   THEN full_id - 4294967296 ELSE full_id END)::text::xid8) = 'in progress'`,
      [xids],
    );
    if (r.rows[0]!.n === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Creates the slot when absent; refuses one made for something else. Returns its confirmed LSN. */
async function ensureSlot(db: Queryable, slotName: string, log: (line: string) => void): Promise<string> {
  const level = (await db.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
  if (level !== 'logical') {
    throw new DatabaseSetupError(
      `Realtime on a PostgreSQL server needs wal_level = logical (this server has ${String(level)}): ` +
        `run ALTER SYSTEM SET wal_level = logical; and restart the server`,
    );
  }
  const found = await db.query<{ plugin: string; database: string; lsn: string | null; current: string }>(
    `SELECT plugin::text AS plugin, database::text AS database, confirmed_flush_lsn::text AS lsn,
            current_database()::text AS current
       FROM pg_replication_slots WHERE slot_name = $1`,
    [slotName],
  );
  const slot = found.rows[0];
  if (slot) {
    if (slot.plugin !== 'pgoutput' || slot.database !== slot.current) {
      throw new DatabaseSetupError(
        `replication slot ${slotName} belongs to ${slot.database} (${slot.plugin}), not to this database's Realtime`,
      );
    }
    return slot.lsn ?? '0/0';
  }
  const created = await db.query<{ lsn: string }>(
    `SELECT lsn::text AS lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')`,
    [slotName],
  );
  log(`created replication slot ${slotName} at ${created.rows[0]!.lsn}`);
  return created.rows[0]!.lsn;
}

/** The slot is streaming to another connection (SQLSTATE 55006, "… is active for PID n"). */
function slotBusy(err: Error): boolean {
  return (err as { code?: string }).code === '55006';
}

/** One sentence naming the connection that holds the slot (pid, client, since when). */
async function slotHolder(db: Queryable, slotName: string, err: Error): Promise<DatabaseSetupError> {
  const holder = await db
    .query<{ pid: number; client: string | null; app: string | null; since: string | null }>(
      `SELECT s.active_pid AS pid, host(a.client_addr) AS client, a.application_name AS app,
              to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS since
         FROM pg_replication_slots s LEFT JOIN pg_stat_activity a ON a.pid = s.active_pid
        WHERE s.slot_name = $1 AND s.active`,
      [slotName],
    )
    .then((r) => r.rows[0])
    .catch(() => undefined);
  const who = holder
    ? `server pid ${holder.pid}${holder.client ? ` for a client at ${holder.client}` : ''}` +
      `${holder.app ? ` (${holder.app})` : ''}${holder.since ? `, connected since ${holder.since} UTC` : ''}`
    : 'another connection';
  return new DatabaseSetupError(
    `replication slot ${slotName} is in use by ${who}: another gateway is running on this database. ` +
      `Stop it, or give this gateway a slot of its own with --slot-name`,
    { cause: err },
  );
}

/** Drops the slot (retrying while its walsender is still exiting); no-op when absent. */
export async function dropSlot(db: Queryable, slotName: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
        slotName,
      ]);
      return;
    } catch (err) {
      // 55006: "replication slot … is active for PID …" until the old connection is gone.
      if (!(err instanceof Error) || !slotBusy(err) || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startReplicationFeed(handler: ChangeHandler, opts: ReplicationFeedOptions): Promise<ChangeFeed> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[realtime] ${line}\n`));
  const batchChanges = opts.batchChanges ?? 500;
  let ackedLsn = await ensureSlot(opts.db, opts.slotName, log);
  /** Commit LSN of the last transaction handed over; anything at or before it is a repeat. */
  let handedOver = lsnToBigInt(ackedLsn);
  let nextId = 1;
  let stopped = false;
  /** Flush markers waiting to come through the stream. */
  const waiters = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();

  let service: LogicalReplicationService | null = null;
  let plugin: TextPgoutput | null = null;
  /** Bumped per connection: messages of an abandoned connection are ignored. */
  let generation = 0;
  let processed = 0;
  let open: OpenTransaction | null = null;
  let ready: ReadyTransaction[] = [];
  let readyChanges = 0;
  /** Everything is handled one message after another, across connections too. */
  let chain: Promise<void> = Promise.resolve();

  const acknowledge = async (lsn: string): Promise<void> => {
    if (lsnToBigInt(lsn) > lsnToBigInt(ackedLsn)) ackedLsn = lsn;
    await service?.acknowledge(ackedLsn).catch(() => false);
  };

  const handOver = async (): Promise<void> => {
    const batch = ready;
    ready = [];
    readyChanges = 0;
    const changes = batch.flatMap((t) => t.changes);
    if (changes.length > 0) {
      // Committed is not yet visible to everyone: wait for that, then hand over.
      await waitUntilVisible(
        opts.db,
        batch.filter((t) => t.changes.length > 0).map((t) => t.xid),
      ).catch(() => undefined);
      await handler(changes).catch(() => undefined);
    }
    const last = batch[batch.length - 1];
    if (!last) return;
    handedOver = last.commitLsn;
    for (const t of batch) {
      for (const token of t.markers) {
        waiters.get(token)?.resolve();
        waiters.delete(token);
      }
    }
    await acknowledge(last.ackLsn);
  };

  const onMessage = async (gen: number, msg: Pgoutput.Message): Promise<void> => {
    if (gen !== generation) return;
    processed++;
    switch (msg.tag) {
      case 'begin':
        open = {
          xid: msg.xid,
          commitLsn: lsnToBigInt(msg.commitLsn ?? '0/0'),
          commitTimestamp: new Date(Number(BigInt(msg.commitTime.toString()) / 1000n)).toISOString(),
          changes: [],
          markers: [],
        };
        return;
      case 'insert':
      case 'update':
      case 'delete': {
        if (!open) return;
        const relation = msg.relation;
        const change: CapturedChange = {
          id: 0,
          schema: relation.schema,
          table: relation.name,
          type: msg.tag === 'insert' ? 'INSERT' : msg.tag === 'update' ? 'UPDATE' : 'DELETE',
          record: msg.tag === 'delete' ? null : rowOf(msg.new, relation),
          oldRecord: msg.tag === 'insert' ? null : rowOf(msg.old ?? msg.key, relation),
          commitTimestamp: open.commitTimestamp,
        };
        open.changes.push(change);
        return;
      }
      case 'message':
        if (open && msg.prefix === FLUSH_PREFIX) open.markers.push(Buffer.from(msg.content).toString('utf8'));
        return;
      case 'commit': {
        const t = open;
        open = null;
        if (!t) return;
        if (t.commitLsn <= handedOver) return; // re-sent after a reconnect: already handed over
        for (const c of t.changes) c.id = nextId++;
        ready.push({ ...t, ackLsn: msg.commitEndLsn ?? msg.commitLsn ?? '0/0' });
        readyChanges += t.changes.length;
        // Hand over now unless more received messages are already waiting behind this one.
        if (processed >= (plugin?.received ?? 0) || readyChanges >= batchChanges) await handOver();
        return;
      }
      default:
        return; // relation, type, origin, truncate: nothing to deliver
    }
  };

  let reconnectDelay = RECONNECT_FIRST_MS;
  /** Set while the first connection is being made: its failure fails the start. */
  let starting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  const startedAt = Date.now();
  let waitedForSlot = false;
  /** Between losing the stream and having it back (the observer hears each edge once). */
  let interrupted = false;

  const connect = (): void => {
    if (stopped) return;
    const gen = ++generation;
    open = null;
    ready = [];
    readyChanges = 0;
    processed = 0;
    const p = new TextPgoutput({ protoVersion: 1, publicationNames: [PUBLICATION], messages: true });
    plugin = p;
    const s = new LogicalReplicationService(
      {
        ...opts.connection,
        // The sender renders values in its session's style: ISO dates, UTC.
        options: '-c DateStyle=ISO,YMD -c TimeZone=UTC -c extra_float_digits=1',
        application_name: 'tradedesk-realtime',
      },
      { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: true } },
    );
    service = s;
    s.on('data', (_lsn: string, msg: Pgoutput.Message) => {
      chain = chain
        .then(() => onMessage(gen, msg))
        .catch((err: unknown) => log(`change decoding failed: ${err instanceof Error ? err.message : String(err)}`));
      return chain;
    });
    s.on('heartbeat', (lsn: string, _ts: number, shouldRespond: boolean) => {
      if (gen !== generation) return;
      // Idle (everything received was handed over, no transaction open): the server's position
      // can be confirmed, so the slot does not hold WAL that carries nothing for us.
      const idle = processed >= p.received && open === null && ready.length === 0;
      if (idle || shouldRespond) void acknowledge(idle && lsnToBigInt(lsn) > 0n ? lsn : ackedLsn);
    });
    s.on('start', () => {
      reconnectDelay = RECONNECT_FIRST_MS;
      starting?.resolve();
      starting = null;
      if (interrupted) {
        interrupted = false;
        log('replication stream resumed');
      }
    });
    s.on('error', () => undefined); // the subscribe() promise below reports the same failure
    s.subscribe(p, opts.slotName, ackedLsn).then(
      () => lost(gen, new Error('replication stream ended')),
      (err: unknown) => lost(gen, err instanceof Error ? err : new Error(String(err))),
    );
  };

  const lost = (gen: number, err: Error): void => {
    if (stopped || gen !== generation) return;
    generation++; // ignore anything the broken connection still delivers
    const old = service;
    service = null;
    if (old) void retire(old);
    if (starting) {
      // A gateway restarted right after its predecessor stopped: that walsender is exiting.
      if (slotBusy(err) && Date.now() - startedAt < SLOT_BUSY_WAIT_MS) {
        if (!waitedForSlot) log(`replication slot ${opts.slotName} is busy; waiting for its last user to let go`);
        waitedForSlot = true;
        setTimeout(connect, 200).unref();
        return;
      }
      const reject = starting.reject;
      starting = null;
      stopped = true;
      if (slotBusy(err)) void slotHolder(opts.db, opts.slotName, err).then(reject);
      else reject(err);
      return;
    }
    log(`replication connection lost (${err.message}); reconnecting in ${reconnectDelay} ms`);
    if (!interrupted) {
      interrupted = true;
      opts.observer?.interrupted?.(err.message);
    }
    setTimeout(connect, reconnectDelay).unref();
    reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
  };

  await new Promise<void>((resolve, reject) => {
    starting = { resolve, reject };
    connect();
  });

  return {
    method: 'logical-replication',
    async flush() {
      if (stopped) throw new Error('the change feed is stopped');
      const token = randomUUID();
      const arrived = new Promise<void>((resolve, reject) => waiters.set(token, { resolve, reject }));
      try {
        await opts.db.query(`SELECT pg_logical_emit_message(true, '${FLUSH_PREFIX}', $1::text)`, [token]);
      } catch (err) {
        waiters.delete(token);
        throw err;
      }
      return arrived;
    },
    kick() {
      // Nothing to do: the server pushes each commit as it happens.
    },
    async stop(stopOpts = {}) {
      if (stopped) return;
      stopped = true;
      generation++;
      await chain.catch(() => undefined);
      await service?.acknowledge(ackedLsn).catch(() => false);
      if (service) await retire(service);
      service = null;
      for (const w of waiters.values()) w.reject(new Error('the change feed stopped'));
      waiters.clear();
      if (stopOpts.dropSlot) await dropSlot(opts.db, opts.slotName);
    },
  };
}
