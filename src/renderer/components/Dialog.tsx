import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * Modal dialog: focus moves in on open and back to where it was on close, Tab stays inside,
 * Esc closes, Enter (outside a button/textarea) confirms.
 */
export function Dialog({
  title,
  onClose,
  onConfirm,
  children,
  className,
}: {
  title: string;
  onClose: () => void;
  onConfirm?: () => void;
  children: ReactNode;
  className?: string;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>(
      '[autofocus], input:not([disabled]), select, button:not([disabled])',
    );
    (first ?? ref.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Enter' && onConfirm) {
      const tag = (e.target as HTMLElement).tagName;
      if (tag !== 'BUTTON' && tag !== 'TEXTAREA' && tag !== 'SELECT') {
        e.preventDefault();
        onConfirm();
      }
    } else if (e.key === 'Tab') {
      const focusables = ref.current?.querySelectorAll<HTMLElement>(
        'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"]',
      );
      if (!focusables || focusables.length === 0) return;
      const first = focusables[0]!;
      const last = focusables[focusables.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
