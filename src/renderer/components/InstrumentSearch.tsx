import { useEffect, useId, useRef, useState } from 'react';
import type { Instrument } from '../../shared/domain';
import { useClient } from '../app/context';
import { formatPrice } from '../format/numbers';

/**
 * Search box with a keyboard-navigable listbox (ARIA combobox pattern): type, ↑/↓ to move,
 * Enter to pick, Esc to close. Queries are debounced and late answers to old queries ignored.
 * Instruments already in the list are marked "in watchlist" and cannot be picked again; what a
 * pick did (added, or why not) is said in a polite status line under the box.
 */
export function InstrumentSearch({
  onPick,
  inList,
  disabled,
}: {
  /** Adds the instrument; resolves with the sentence to show (added / refused). */
  onPick: (instrument: Instrument) => Promise<string>;
  /** True for an instrument already in the active watchlist. */
  inList: (token: number) => boolean;
  disabled?: boolean;
}) {
  const client = useClient();
  const listId = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Instrument[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const query = q.trim();
    if (!query) return; // cleared in onChange: an empty box has no results to wait for
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      const r = await client.call('instruments.search', { q: query.slice(0, 64), limit: 20 });
      if (mine !== seq.current) return;
      if (r.ok) {
        setResults(r.value.results);
        setError(null);
      } else {
        setResults([]);
        setError(r.error.message);
      }
      setActive(0);
      setOpen(true);
    }, 120);
    return () => clearTimeout(timer);
  }, [q, client]);

  const pick = (i: Instrument | undefined) => {
    if (!i) return;
    if (inList(i.token)) {
      setFeedback(`${i.symbol} is already in this watchlist.`);
      return;
    }
    setQ('');
    setOpen(false);
    setFeedback(`Adding ${i.symbol}…`);
    void onPick(i).then(setFeedback);
  };

  return (
    <div className="search">
      <input
        type="search"
        role="combobox"
        aria-label="Add instrument"
        placeholder="Add instrument (search)…"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && results[active] ? `${listId}-${active}` : undefined}
        value={q}
        disabled={disabled}
        onChange={(e) => {
          setQ(e.target.value);
          setFeedback(null);
          if (!e.target.value.trim()) {
            seq.current++; // an answer still in flight belongs to a query that is gone
            setResults([]);
            setOpen(false);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, results.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(results[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {open && (
        <ul className="listbox" role="listbox" id={listId} aria-label="Search results">
          {results.length === 0 && <li className="muted">{error ?? 'No instruments found'}</li>}
          {results.map((r, i) => {
            const listed = inList(r.token);
            return (
              <li
                key={r.token}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                aria-disabled={listed || undefined}
                className={[i === active ? 'active' : '', listed ? 'listed' : ''].join(' ').trim() || undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(r);
                }}
              >
                <b>{r.symbol}</b> <span className="muted">{r.exchange}</span> <span className="muted">{r.name}</span>
                {listed && <span className="badge">in watchlist</span>}
                <span className="num right">{formatPrice(r.lastPrice)}</span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="search-feedback muted" role="status" aria-live="polite">
        {feedback}
      </p>
    </div>
  );
}
