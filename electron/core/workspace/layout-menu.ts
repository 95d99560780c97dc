import type { LayoutSummary } from '../../../src/shared/contract';

/**
 * The application menu's "Layouts" menu, as data (electron/main only turns it into menu items):
 * one radio entry per named layout (the active one checked), then "Save Layout", "Save Layout
 * as Copy" and "Detach Focused Panel". A native menu cannot ask for a name, so the copy gets
 * one (`copyName`) and becomes active; the status bar's Layouts menu renames it.
 */
export type LayoutMenuEntry =
  | { kind: 'switch'; id: string; label: string; checked: boolean }
  | { kind: 'separator' }
  | { kind: 'save'; label: string }
  | { kind: 'saveCopy'; label: string; name: string }
  | { kind: 'detach'; label: string };

export function layoutMenu(list: { activeId: string; layouts: readonly LayoutSummary[] }): LayoutMenuEntry[] {
  const layouts = [...list.layouts].sort((a, b) => a.name.localeCompare(b.name));
  const active = layouts.find((l) => l.id === list.activeId);
  const entries: LayoutMenuEntry[] = layouts.map((l) => ({
    kind: 'switch',
    id: l.id,
    // A layout saved for other displays says so: switching re-places its windows.
    label: l.matchesDisplays || l.monitorSets.length === 0 ? l.name : `${l.name} (other displays)`,
    checked: l.id === list.activeId,
  }));
  entries.push({ kind: 'separator' });
  entries.push({ kind: 'save', label: 'Save Layout' });
  if (active) {
    const name = copyName(
      active.name,
      layouts.map((l) => l.name),
    );
    entries.push({ kind: 'saveCopy', label: `Save Layout as “${name}”`, name });
  }
  entries.push({ kind: 'separator' });
  entries.push({ kind: 'detach', label: 'Detach Focused Panel' });
  return entries;
}

/** `<name> copy`, else `<name> copy 2`, `copy 3`… — the first no layout has (names compare case-insensitively). */
export function copyName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.trim().toLowerCase()));
  // Room for " copy 999" inside a layout name's 64 characters.
  const base = `${name.slice(0, 55).trimEnd()} copy`;
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`.toLowerCase())) return `${base} ${n}`;
}
