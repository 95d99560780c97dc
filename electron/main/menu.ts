import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export const RESTART_TO_UPDATE_ID = 'restart-to-update';

/**
 * The native application menu: the platform's standard entries (so copy/paste, zoom, full
 * screen and quit work with their usual shortcuts) and "Restart to Update", shown once an
 * update has been downloaded.
 */
export function installMenu(actions: { restartToUpdate(): void }): { showUpdateReady(version: string): void } {
  const isMac = process.platform === 'darwin';
  const restart: MenuItemConstructorOptions = {
    id: RESTART_TO_UPDATE_ID,
    label: 'Restart to Update',
    visible: false,
    click: () => actions.restartToUpdate(),
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [restart, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
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
  const menu = Menu.buildFromTemplate(template);
  Menu.setApplicationMenu(menu);
  return {
    showUpdateReady: (version) => {
      const item = menu.getMenuItemById(RESTART_TO_UPDATE_ID);
      if (!item) return;
      item.label = `Restart to Update (${version})`;
      item.visible = true;
    },
  };
}
