import { TradedeskError } from '../../../src/shared/contract';
import { SearchItem, SearchResponse } from './protocol';

export interface SearchRequest {
  url: string;
  apiKey: string;
  q: string;
  limit: number;
  exchange?: string;
  timeoutMs?: number;
}

/**
 * `GET <url>/api/search` with the API key header. Returns the items that pass their schema
 * (a bad item is dropped, not fatal); transport and HTTP failures become typed errors.
 */
export async function fetchSearch(req: SearchRequest): Promise<SearchItem[]> {
  const base = req.url.replace(/\/+$/, '');
  const params = new URLSearchParams({ q: req.q, limit: String(req.limit) });
  if (req.exchange) params.set('exchange', req.exchange);
  let res: Response;
  try {
    res = await fetch(`${base}/api/search?${params.toString()}`, {
      headers: { 'x-api-key': req.apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(req.timeoutMs ?? 8_000),
    });
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new TradedeskError('timeout', 'Instrument search timed out');
    }
    throw new TradedeskError('offline', 'Instrument search is unreachable');
  }
  if (res.status === 401 || res.status === 403) {
    throw new TradedeskError('unauthorized', 'The market-data API key was refused');
  }
  if (res.status === 429)
    throw new TradedeskError('rate_limited', 'Instrument search is rate limited; try again shortly');
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new TradedeskError('server_error', `Instrument search answered HTTP ${res.status} without JSON`);
  }
  const parsed = SearchResponse.safeParse(body);
  if (!res.ok || !parsed.success || !parsed.data.success) {
    const message = parsed.success ? parsed.data.message : undefined;
    throw new TradedeskError(
      'server_error',
      `Instrument search failed (HTTP ${res.status})${message ? `: ${message}` : ''}`,
    );
  }
  const items: SearchItem[] = [];
  for (const raw of parsed.data.data) {
    const item = SearchItem.safeParse(raw);
    if (item.success) items.push(item.data);
  }
  return items;
}
