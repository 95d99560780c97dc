import type { IpcRouter } from '../ipc/router';
import type { KeymapService } from '../keymap/service';
import type { AlertService } from './service';

/** The alerts and keymap half of the IPC surface. */
export function registerAlertMethods(router: IpcRouter, alerts: AlertService, keymap: KeymapService): void {
  router.handle('alerts.list', (args) => ({ alerts: alerts.list(args.state) }));
  router.handle('alerts.create', (args) => alerts.create(args));
  router.handle('alerts.update', (args) => alerts.update(args));
  router.handle('alerts.rearm', (args) => alerts.rearm(args));
  router.handle('alerts.delete', (args) => alerts.delete(args));
  router.handle('keymap.get', () => keymap.get());
  router.handle('keymap.set', (args) => keymap.set(args.action, args.keys));
  router.handle('keymap.reset', (args) => keymap.reset(args.action));
}
