import type { z } from 'zod';
import {
  argRefusals,
  type IpcError,
  type IpcResult,
  isMethodName,
  type MethodName,
  type MethodResult,
  methods,
  type ParsedArgs,
  TradedeskError,
} from '../../../src/shared/contract';

/** Who is calling: the host resolves this from the transport (never from the payload). */
export interface CallContext {
  windowId: string;
}

export type Handler<M extends MethodName> = (
  args: ParsedArgs<M>,
  ctx: CallContext,
) => Promise<MethodResult<M>> | MethodResult<M>;

type AnyHandler = (args: unknown, ctx: CallContext) => Promise<unknown> | unknown;

export interface RouterOptions {
  /** Where unexpected handler failures are reported (the caller only sees a generic message). */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * Host-neutral request router. Hosts hand it whatever arrived on the wire; it parses the args
 * against the contract, runs the handler, checks the result, and always answers with an
 * `IpcResult` — never throws, never drops a request silently.
 */
export class IpcRouter {
  readonly #handlers = new Map<MethodName, AnyHandler>();
  readonly #onInternalError: (method: string, error: unknown) => void;

  constructor(options: RouterOptions = {}) {
    this.#onInternalError =
      options.onInternalError ?? ((method, error) => console.error(`[ipc] ${method} failed:`, error));
  }

  handle<M extends MethodName>(method: M, handler: Handler<M>): void {
    if (this.#handlers.has(method)) throw new Error(`IPC method ${method} already has a handler`);
    this.#handlers.set(method, handler as AnyHandler);
  }

  has(method: MethodName): boolean {
    return this.#handlers.has(method);
  }

  async dispatch(ctx: CallContext, method: unknown, args: unknown): Promise<IpcResult> {
    if (!isMethodName(method)) {
      return fail({ code: 'unknown_method', message: `Unknown method: ${describe(method)}` });
    }
    const handler = this.#handlers.get(method);
    if (!handler) {
      return fail({ code: 'unknown_method', message: `Method ${method} is not available in this build` });
    }
    const spec = methods[method];
    const parsed = (spec.args as z.ZodType).safeParse(args ?? {});
    if (!parsed.success) {
      // In words, per field (src/shared/contract/refusals.ts): a window shows the message as is.
      const refusals = argRefusals(method, parsed.error.issues, args);
      return fail({
        code: 'invalid_args',
        message: refusals
          .slice(0, 3)
          .map((r) => r.message)
          .join(' '),
        details: { field: refusals[0]?.field ?? null, refusals },
      });
    }
    let value: unknown;
    try {
      value = await handler(parsed.data, ctx);
    } catch (error) {
      if (error instanceof TradedeskError) return fail(error.toIpcError());
      this.#onInternalError(method, error);
      return fail({ code: 'internal', message: `${method} failed unexpectedly; see the application log` });
    }
    const checked = (spec.result as z.ZodType).safeParse(value);
    if (!checked.success) {
      this.#onInternalError(method, new Error(`result failed its schema: ${summarize(checked.error)}`));
      return fail({ code: 'invalid_result', message: `${method} produced a malformed result` });
    }
    return { ok: true, value: checked.data };
  }
}

function fail(error: IpcError): IpcResult {
  return { ok: false, error };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 64));
  return typeof value;
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
