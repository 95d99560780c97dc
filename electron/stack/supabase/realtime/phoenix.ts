import { z } from 'zod';

/**
 * Phoenix channel framing as realtime-js speaks it (protocol doc A.2): vsn 2.0.0 sends
 * `[join_ref, ref, topic, event, payload]` arrays, vsn 1.0.0 sends objects. We never send
 * binary frames (the client decodes only user-broadcast kind 4).
 */

export type Vsn = '1.0.0' | '2.0.0';

export interface PhxMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

const Ref = z
  .union([z.string(), z.number().transform(String)])
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const Payload = z.record(z.string(), z.unknown());

const V2Frame = z.tuple([Ref, Ref, z.string(), z.string(), Payload]);
const V1Frame = z.object({
  join_ref: Ref,
  ref: Ref,
  topic: z.string(),
  event: z.string(),
  payload: Payload,
});

/** Parses one text frame; null for anything malformed (the socket just ignores it). */
export function decodeFrame(text: string, vsn: Vsn): PhxMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (vsn === '2.0.0') {
    const r = V2Frame.safeParse(raw);
    if (!r.success) return null;
    const [joinRef, ref, topic, event, payload] = r.data;
    return { joinRef, ref, topic, event, payload };
  }
  const r = V1Frame.safeParse(raw);
  if (!r.success) return null;
  return {
    joinRef: r.data.join_ref,
    ref: r.data.ref,
    topic: r.data.topic,
    event: r.data.event,
    payload: r.data.payload,
  };
}

export function encodeFrame(m: PhxMessage, vsn: Vsn): string {
  if (vsn === '2.0.0') return JSON.stringify([m.joinRef, m.ref, m.topic, m.event, m.payload]);
  // Phoenix's V1 serializer: no join_ref.
  return JSON.stringify({ topic: m.topic, event: m.event, payload: m.payload, ref: m.ref });
}

export function reply(to: PhxMessage, status: 'ok' | 'error', response: Record<string, unknown>): PhxMessage {
  return { joinRef: to.joinRef, ref: to.ref, topic: to.topic, event: 'phx_reply', payload: { status, response } };
}
