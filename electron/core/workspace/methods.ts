import type { IpcRouter } from '../ipc/router';
import type { Workspace } from './workspace';

/** The workspace half of the IPC contract: layouts, windows, links (src/shared/contract/workspace.ts). */
export function registerWorkspaceMethods(router: IpcRouter, workspace: Workspace): void {
  router.handle('layout.get', (_args, { windowId }) => workspace.state(windowId));
  router.handle('layout.list', () => workspace.list());
  router.handle('layout.save', ({ name }) => workspace.save(name));
  router.handle('layout.switch', ({ id }, { windowId }) => {
    workspace.switchTo(id);
    return workspace.state(windowId);
  });
  router.handle('layout.rename', ({ id, name }) => workspace.rename(id, name));
  router.handle('layout.delete', ({ id }) => workspace.remove(id));
  router.handle('window.setPanels', ({ panels }, { windowId }) => workspace.setPanels(windowId, panels));
  router.handle('window.detach', ({ panelId }, { windowId }) => workspace.detach(windowId, panelId));
  router.handle('window.open', ({ key }) => workspace.open(key));
  router.handle('window.close', ({ key }, { windowId }) => {
    workspace.close(windowId, key);
    return { ok: true as const };
  });
  router.handle('window.list', () => ({ windows: workspace.windows() }));
  router.handle('link.join', ({ panelId, channel }, { windowId }) => workspace.join(windowId, panelId, channel));
  router.handle('link.leave', ({ panelId }, { windowId }) => {
    workspace.leave(windowId, panelId);
    return { ok: true as const };
  });
  router.handle('link.broadcast', ({ panelId, context }, { windowId }) =>
    workspace.broadcast(windowId, panelId, context),
  );
}
