import type { WindowLayout } from './document';
import { PANEL_TRAITS } from './panels';
import { ALL_TOPICS, type WindowTopic } from './topics';

/**
 * The topics a window receives: everything for the main window (it carries the header, the
 * status bar and every dialog), the union of its panels' topics for a detached one.
 */
export function topicsForWindow(win: Pick<WindowLayout, 'role' | 'panels'>): WindowTopic[] {
  if (win.role === 'main') return [...ALL_TOPICS];
  const topics = new Set<WindowTopic>();
  for (const p of win.panels) for (const t of PANEL_TRAITS[p.kind].topics) topics.add(t);
  return ALL_TOPICS.filter((t) => topics.has(t));
}
