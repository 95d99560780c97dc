import { useEffect, useId, useRef, useState } from 'react';
import type { Instrument } from '../../shared/domain';
import { useClient } from '../app/context';
import { formatPrice } from '../format/numbers';

/**
 * Search box with a keyboard-navigable listbox (ARIA combobox pattern): type, ↑/↓ to move,
 * Enter to pick, Esc to close. Queries are debounced and late answers to old queries ignored.
 */
export function InstrumentSearch({
  onPick,
  disabled,
}: {
  onPick: (instrument: Instrument) => void;
  disabled?: boolean;
}) {
  const client = useClient();
  const listId = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Instrument[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
    onPick(i);
    setQ('');
    setOpen(false);
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
          {results.map((r, i) => (
            <li
              key={r.token}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r);
              }}
            >
              <b>{r.symbol}</b> <span className="muted">{r.exchange}</span> <span className="muted">{r.name}</span>
              <span className="num right">{formatPrice(r.lastPrice)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
