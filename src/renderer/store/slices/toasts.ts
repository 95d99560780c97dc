import type { SliceCreator } from '../store';
import { toastFor, type Toast, type ToastContent, type ToastSource } from '../toasts';

/** At most this many toasts at once; the oldest leaves first. */
export const TOAST_CAP = 5;
/** How long a toast stays, from the moment it is shown (ms). */
export const TOAST_MS = 6_000;

/**
 * The toasts slice: the notes stacked in the corner. They are derived in one place
 * (`toastFor` in ../toasts.ts) from what happened — a live trading event, a fired or refused
 * alert, a refused call, a key with nothing to act on — so no component words a toast itself. Each toast keeps the expiry it
 * was given when shown (Notifications.tsx calls `expireToasts`), whatever comes and goes after.
 */
export interface ToastsState {
  toasts: Toast[];
}

export interface ToastsActions {
  /** Something happened: the toast it deserves, if any, is shown (see `toastFor`). */
  notify(source: ToastSource): void;
  dismissToast(id: number): void;
  /** Removes the toasts whose own time is up (`now`: epoch ms). */
  expireToasts(now: number): void;
}

export type ToastsSlice = ToastsState & ToastsActions;

/**
 * @param clock epoch ms; fixes each toast's expiry when it is shown (tests pass their own).
 */
export const createToastsSlice =
  (clock: () => number): SliceCreator<ToastsSlice> =>
  (set) => {
    let seq = 1;
    const show = (content: ToastContent) =>
      set((s) => ({
        toasts: [...s.toasts, { ...content, id: seq++, expiresAt: clock() + TOAST_MS }].slice(-TOAST_CAP),
      }));
    return {
      toasts: [],
      notify: (source) => {
        const content = toastFor(source);
        if (content) show(content);
      },
      dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
      expireToasts: (now) =>
        set((s) => {
          const left = s.toasts.filter((t) => t.expiresAt > now);
          return left.length === s.toasts.length ? {} : { toasts: left };
        }),
    };
  };
