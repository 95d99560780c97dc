import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions, useTerminal } from '../app/context';
import { formatClock } from '../format/time';
import { describeEvent, type Toast } from '../store/toasts';
import { PanelHead } from './PanelHead';

function ToastItem({ toast }: { toast: Toast }) {
  const actions = useActions();
  return (
    <div className={`toast toast-${toast.tone}`}>
      <div className="toast-title">
        {toast.title}
        {toast.recovered && <span className="badge">recovered</span>}
      </div>
      <div className="toast-body">{toast.body}</div>
      <button
        type="button"
        className="btn btn-icon toast-close"
        aria-label="Dismiss notification"
        onClick={() => actions.dismissToast(toast.id)}
      >
        ×
      </button>
    </div>
  );
}

/**
 * Each toast leaves at its own `expiresAt`, fixed when it was shown: one timer for the earliest
 * expiry, re-armed from absolute times whenever the list changes, so a toast arriving or leaving
 * never restarts another's clock.
 */
function useToastExpiry(toasts: readonly Toast[]): void {
  const actions = useActions();
  useEffect(() => {
    if (toasts.length === 0) return;
    const next = Math.min(...toasts.map((t) => t.expiresAt));
    const timer = setTimeout(() => actions.expireToasts(Date.now()), Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  }, [actions, toasts]);
}

/** Polite live region: screen readers hear each trading event without losing their place. */
export function Toasts() {
  const toasts = useTerminal((s) => s.toasts);
  useToastExpiry(toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

export function EventLog() {
  const events = useTerminal(useShallow((s) => s.events.slice(0, 200)));
  return (
    <section className="panel events" aria-labelledby="events-title">
      <PanelHead id="events-title" name="event log">
        Event log
      </PanelHead>
      <div className="scroll">
        <ol className="event-list" aria-label="Trading events">
          {events.map((e) => (
            <li key={e.seq} className={e.recovered ? 'recovered' : undefined}>
              <time className="muted num">{formatClock(e.at)}</time> {describeEvent(e)}
              {e.recovered && (
                <span className="badge" title="Found by reconciliation after a gap, not delivered live">
                  recovered
                </span>
              )}
            </li>
          ))}
        </ol>
        {events.length === 0 && <p className="empty">No trading events yet.</p>}
      </div>
    </section>
  );
}
