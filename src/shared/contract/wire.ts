import { z } from 'zod';
import { IpcResult } from './errors';

/** Browser-host frames, client → server. */
export const WireRequestSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  method: z.string().max(128),
  args: z.unknown(),
});

/** Browser-host frames, server → client. */
export const WireServerFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('res'), id: z.number().int().nonnegative(), result: IpcResult }),
  z.object({ t: z.literal('push'), name: z.string(), payload: z.unknown() }),
  /** A frame the server could not read at all (no id to answer to). */
  z.object({ t: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type WireServerFrame = z.infer<typeof WireServerFrame>;

/** Largest frame either side accepts; bigger frames are refused, not parsed. */
export const MAX_WIRE_FRAME_BYTES = 1024 * 1024;
