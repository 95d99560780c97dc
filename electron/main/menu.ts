import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { KeymapState } from '../../src/shared/contract';
import type { KeyAction } from '../../src/shared/keymap';
import { keysSubmenu } from './keymap-menu';

export const RESTART_TO_UPDATE_ID = 'restart-to-update';

/**
 * The native application menu: the platform's standard entries (so copy/paste, zoom, full
 * screen and quit work with their usual shortcuts), "Keys" (the keymap's actions with their
 * keys, rebuilt when the trader rebinds one) and "Restart to Update", shown once an update has
 * been downloaded.
 */
export function installMenu(actions: {
  restartToUpdate(): void;
  keymap: KeymapState['keymap'];
  invoke(action: KeyAction): void;
}): { showUpdateReady(version: string): void; setKeymap(keymap: KeymapState['keymap']): void } {
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
  const template = (restart: MenuItemConstructorOptions): MenuItemConstructorOptions[] => [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [restart, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'Keys', submenu: keysSubmenu(keymap, isMac ? 'mac' : 'other', actions.invoke) },
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
  };
}
