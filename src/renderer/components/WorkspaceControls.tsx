import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LayoutSummary } from '../../shared/contract';
import { PANEL_TRAITS, type PanelKind } from '../../shared/layout';
import { useTerminal, useWorkspace } from '../app/context';
import { ownPanels, ownWindow, restorableWindows } from '../store/slices/workspace';
import { addableKinds } from '../workspace/panels';
import { LAYOUTS_MENU } from '../keys/useShortcuts';
import { DRAWABLE_KINDS } from './panelKinds';
import { Dialog } from './Dialog';

/**
 * A button that opens a menu (WAI-ARIA menu button): ↑/↓ move between items, Home/End jump,
 * Esc closes and gives focus back to the button, choosing an item or clicking outside closes.
 */
function MenuButton({
  label,
  menuLabel,
  children,
  onOpen,
  menuKey,
}: {
  label: ReactNode;
  menuLabel: string;
  children: ReactNode;
  onOpen?: () => void;
  /** `data-menu` on the button: what a keymap action presses to open it (useShortcuts.ts). */
  menuKey?: string;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    // The checked choice first (the layout in use), else the first item.
    (
      menu.current?.querySelector<HTMLElement>('[role="menuitemradio"][aria-checked="true"]') ??
      menu.current?.querySelector<HTMLElement>('[role^="menuitem"]')
    )?.focus();
    const outside = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      go(at + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      go(at - 1);
    } else if (e.key === 'Home') {
      e.preventDefault();
      go(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      go(items.length - 1);
    }
  };
  return (
    <div className="profile">
      <button
        ref={button}
        type="button"
        className="btn btn-small"
        aria-haspopup="menu"
        data-menu={menuKey}
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {label}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          className="menu menu-list"
          role="menu"
          aria-label={menuLabel}
          onKeyDown={onKeyDown}
          onClick={(e) => {
            if ((e.target as HTMLElement).closest('[role^="menuitem"]')) close();
          }}
        >
          {children}
        </div>
      )}
    </div>
  );
}

type NameDialog = { mode: 'save-as' | 'rename'; initial: string } | { mode: 'delete' } | null;

/** The status bar's `Layouts` menu: switch, save, save as, rename, delete. */
export function LayoutsMenu() {
  const workspace = useWorkspace();
  const active = useTerminal((s) => s.workspace.layout?.layout ?? null);
  const [layouts, setLayouts] = useState<LayoutSummary[] | null>(null);
  const [dialog, setDialog] = useState<NameDialog>(null);
  if (!active) return null;
  const refresh = async () => setLayouts((await workspace.listLayouts())?.layouts ?? null);
  // Until the list is read, the layout in use stands alone (checked, focused on open): the
  // switch-layout key's ↑/↓ start from it, and it keeps its focus when the others arrive.
  const listed: ReadonlyArray<Pick<LayoutSummary, 'id' | 'name' | 'matchesDisplays'>> = layouts ?? [
    { id: active.id, name: active.name, matchesDisplays: true },
  ];
  const sorted = [...listed].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <MenuButton
        label={`Layouts · ${active.name}`}
        menuLabel="Layouts"
        menuKey={LAYOUTS_MENU}
        onOpen={() => void refresh()}
      >
        <>
          {layouts === null && <p className="muted">Reading layouts…</p>}
          {sorted.map((l) => (
            <button
              key={l.id}
              type="button"
              role="menuitemradio"
              aria-checked={l.id === active.id}
              className="menu-item"
              title={l.matchesDisplays ? undefined : 'Arranged for other displays: windows are placed on these'}
              onClick={() => {
                if (l.id !== active.id) void workspace.switchLayout(l.id);
              }}
            >
              <span aria-hidden="true" className="menu-check">
                {l.id === active.id ? '✓' : ''}
              </span>
              {l.name}
            </button>
          ))}
          <hr role="separator" />
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              void workspace.saveLayout();
            }}
          >
            Save layout
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setDialog({ mode: 'save-as', initial: '' });
            }}
          >
            Save layout as…
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setDialog({ mode: 'rename', initial: active.name });
            }}
          >
            Rename layout…
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setDialog({ mode: 'delete' });
            }}
          >
            Delete layout…
          </button>
        </>
      </MenuButton>
      {dialog && dialog.mode !== 'delete' && (
        <LayoutNameDialog
          title={dialog.mode === 'save-as' ? 'Save layout as' : `Rename layout ${active.name}`}
          confirm={dialog.mode === 'save-as' ? 'Save' : 'Rename'}
          initial={dialog.initial}
          onClose={() => setDialog(null)}
          onSubmit={(name) =>
            dialog.mode === 'save-as' ? workspace.saveLayout(name) : workspace.renameLayout(active.id, name)
          }
        />
      )}
      {dialog?.mode === 'delete' && (
        <Dialog
          title={`Delete layout ${active.name}`}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            void workspace.deleteLayout(active.id);
          }}
        >
          <p>The windows of this layout close and the most recently saved other layout opens.</p>
          <div className="dialog-buttons">
            <button type="button" className="btn" onClick={() => setDialog(null)}>
              Keep it
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                setDialog(null);
                void workspace.deleteLayout(active.id);
              }}
            >
              Delete layout
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function LayoutNameDialog({
  title,
  confirm,
  initial,
  onClose,
  onSubmit,
}: {
  title: string;
  confirm: string;
  initial: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<boolean>;
}) {
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = async () => {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 64) {
      setError('A layout name has 1 to 64 characters.');
      return;
    }
    setBusy(true);
    const ok = await onSubmit(trimmed);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog title={title} onClose={onClose} onConfirm={() => void submit()}>
      <label htmlFor={id}>Layout name</label>
      <input
        id={id}
        autoFocus
        value={name}
        maxLength={64}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setName(e.target.value);
          setError(null);
        }}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

/** `Add panel`: the kinds this window can still show. */
export function AddPanelMenu() {
  const workspace = useWorkspace();
  const present = useTerminal(useShallow((s) => ownPanels(s.workspace).map((p) => p.kind)));
  const known = useTerminal((s) => ownWindow(s.workspace) !== null);
  if (!known) return null;
  const kinds: PanelKind[] = addableKinds(present, DRAWABLE_KINDS);
  if (kinds.length === 0) return null;
  return (
    <MenuButton label="Add panel" menuLabel="Add panel">
      {kinds.map((k) => (
        <button key={k} type="button" role="menuitem" className="menu-item" onClick={() => void workspace.addPanel(k)}>
          {PANEL_TRAITS[k].title}
        </button>
      ))}
    </MenuButton>
  );
}

/** `Restore N windows`: the layout's detached windows that no page has open (after a restart, a crash, a closed tab). */
export function RestoreWindows() {
  const workspace = useWorkspace();
  const isMain = useTerminal((s) => ownWindow(s.workspace)?.role === 'main');
  const missing = useTerminal(useShallow((s) => restorableWindows(s.workspace)));
  if (!isMain || missing.length === 0) return null;
  return (
    <button type="button" className="btn btn-small btn-primary" onClick={() => void workspace.restore(missing)}>
      Restore {missing.length} {missing.length === 1 ? 'window' : 'windows'}
    </button>
  );
}

/** In a detached window: give its panels back to the main window and close. */
export function ReturnToMain() {
  const workspace = useWorkspace();
  const detached = useTerminal((s) => ownWindow(s.workspace)?.role === 'detached');
  if (!detached) return null;
  return (
    <button type="button" className="btn btn-small" onClick={() => void workspace.returnToMain()}>
      Return to main window
    </button>
  );
}
