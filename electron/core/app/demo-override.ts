import { StackInfo } from './stack-info';

/**
 * Tests and `npm run stack` users can point the app at an already-running embedded stack
 * (TRADEDESK_DEMO_STACK = the JSON line `npm run stack` prints) instead of starting one; the
 * e2e suite uses it to stop and restart the backend under a running terminal.
 */
export function demoStackFromEnv(env: NodeJS.ProcessEnv = process.env): StackInfo | null {
  const raw = env.TRADEDESK_DEMO_STACK;
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('TRADEDESK_DEMO_STACK is not valid JSON (expected the line `npm run stack` prints)');
  }
  const parsed = StackInfo.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `TRADEDESK_DEMO_STACK is not a stack announcement: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return parsed.data;
}
