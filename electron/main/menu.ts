import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { layoutMenu, type LayoutMenuEntry } from '../core/workspace/layout-menu';
import type { KeymapState, LayoutSummary } from '../../src/shared/contract';
import type { KeyAction } from '../../src/shared/keymap';
import { keysSubmenu } from './keymap-menu';

export const RESTART_TO_UPDATE_ID = 'restart-to-update';

/** What the Layouts menu does (the core's Workspace; the glue catches and logs a refusal). */
export interface MenuLayouts {
  list(): { activeId: string; layouts: LayoutSummary[] };
  switchTo(id: string): void;
  save(name?: string): unknown;
}

/**
 * The native application menu: the platform's standard entries (so copy/paste, zoom, full
 * screen and quit work with their usual shortcuts), "Keys" (the keymap's actions with their
 * keys, rebuilt when the trader rebinds one), "Layouts" (switch, save, save as a copy, detach
 * the focused panel: electron/core/workspace/layout-menu.ts, rebuilt on every layout change)
 * and "Restart to Update", shown once an update has been downloaded.
 */
export function installMenu(actions: {
  restartToUpdate(): void;
  keymap: KeymapState['keymap'];
  invoke(action: KeyAction): void;
  layouts: MenuLayouts;
  log(message: string): void;
}): {
  showUpdateReady(version: string): void;
  setKeymap(keymap: KeymapState['keymap']): void;
  refreshLayouts(): void;
} {
  const isMac = process.platform === 'darwin';
  let updateReady: string | null = null;
  let keymap = actions.keymap;
  const build = () => {
    const restart: MenuItemConstructorOptions = {
      id: RESTART_TO_UPDATE_ID,
      label: updateReady ? `Restart to Update (${updateReady})` : 'Restart to Update',
      visible: updateReady !== null,
      click: () => actions.restartToUpdate(),
    };
    Menu.setApplicationMenu(Menu.buildFromTemplate(template(restart)));
  };
  /** A menu click that the core refuses (a layout deleted meanwhile, a name taken) is logged, never thrown into Electron. */
  const safely = (what: string, run: () => void) => () => {
    try {
      run();
    } catch (e) {
      actions.log(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const layoutItem = (entry: LayoutMenuEntry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'switch':
        return {
          type: 'radio',
          label: entry.label,
          checked: entry.checked,
          click: safely('Switch layout', () => actions.layouts.switchTo(entry.id)),
        };
      case 'separator':
        return { type: 'separator' };
      case 'save':
        return { label: entry.label, click: safely('Save layout', () => actions.layouts.save()) };
      case 'saveCopy':
        return { label: entry.label, click: safely('Save layout as', () => actions.layouts.save(entry.name)) };
      case 'detach':
        // The keymap's own action, run by the focused window (its Keys entry shows the key).
        return { label: entry.label, click: () => actions.invoke('panel.detach') };
    }
  };
  const layoutsSubmenu = (): MenuItemConstructorOptions[] => {
    try {
      return layoutMenu(actions.layouts.list()).map(layoutItem);
    } catch (e) {
      actions.log(`Layouts menu: ${e instanceof Error ? e.message : String(e)}`);
      return [{ label: 'Layouts unavailable', enabled: false }];
    }
  };
  const template = (restart: MenuItemConstructorOptions): MenuItemConstructorOptions[] => [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [restart, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'Keys', submenu: keysSubmenu(keymap, isMac ? 'mac' : 'other', actions.invoke) },
    { label: 'Layouts', submenu: layoutsSubmenu() },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about', label: `About ${app.getName()} ${app.getVersion()}` }] },
  ];
  build();
  return {
    showUpdateReady: (version) => {
      updateReady = version;
      build();
    },
    setKeymap: (next) => {
      keymap = next;
      build();
    },
    refreshLayouts: build,
  };
}
