import type { z } from 'zod';
import {
  methods,
  pushes,
  type IpcResult,
  type MethodArgs,
  type MethodName,
  type MethodResult,
  type PushName,
  type PushPayload,
  type TradedeskBridge,
} from '../../shared/contract';

/**
 * The renderer's typed view of main. Every result and every push is parsed with its contract
 * schema here, so nothing unchecked reaches the store: a bad push is counted and dropped, a bad
 * result becomes an `invalid_result` failure.
 */
export class TradedeskClient {
  readonly #bridge: TradedeskBridge;
  #droppedPushes = 0;
  readonly #onDrop: ((name: string, reason: string) => void) | undefined;

  constructor(bridge: TradedeskBridge, onDrop?: (name: string, reason: string) => void) {
    this.#bridge = bridge;
    this.#onDrop = onDrop;
  }

  get droppedPushes(): number {
    return this.#droppedPushes;
  }

  async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<IpcResult<MethodResult<M>>> {
    let result: IpcResult<unknown>;
    try {
      result = await this.#bridge.invoke(method, args);
    } catch (error) {
      // The contract says invoke never rejects; a transport that does is reported, not thrown.
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${String(error)}` } };
    }
    if (!result.ok) return result;
    const parsed = (methods[method].result as z.ZodType).safeParse(result.value);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_result', message: `${method} answered with data this window cannot read` },
      };
    }
    return { ok: true, value: parsed.data as MethodResult<M> };
  }

  on<P extends PushName>(name: P, listener: (payload: PushPayload<P>) => void): () => void {
    return this.#bridge.on(name, (payload: unknown) => {
      const parsed = parsePush(name, payload);
      if (!parsed.ok) {
        this.#droppedPushes++;
        this.#onDrop?.(name, parsed.reason);
        return;
      }
      listener(parsed.value);
    });
  }
}

export type ParsedPush<P extends PushName> = { ok: true; value: PushPayload<P> } | { ok: false; reason: string };

/** Parse one push payload with its schema (pure; the unit tests drive it directly). */
export function parsePush<P extends PushName>(name: P, payload: unknown): ParsedPush<P> {
  const schema = pushes[name] as z.ZodType;
  if (!schema) return { ok: false, reason: `unknown push ${String(name)}` };
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid payload' };
  }
  return { ok: true, value: parsed.data as PushPayload<P> };
}
