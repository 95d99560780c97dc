import type { AlertTriggeredPush } from '../../shared/contract';

/** What the page can do about desktop notifications in this browser. */
export type DesktopPermission = 'granted' | 'default' | 'denied' | 'unsupported';

/** The parts of the Web Notifications API used here (a test passes its own). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { onclick: ((this: unknown, ev: Event) => unknown) | null };
}

export function notificationApi(): NotificationApi | null {
  return typeof Notification === 'undefined' ? null : (Notification as unknown as NotificationApi);
}

export function desktopPermission(api: NotificationApi | null = notificationApi()): DesktopPermission {
  return api === null ? 'unsupported' : api.permission;
}

/** The toast's sentence when no desktop notification came with an alert; null when one did. */
export function missingNotificationNotice(permission: DesktopPermission): string | null {
  switch (permission) {
    case 'granted':
      return null;
    case 'default':
      return 'No desktop notification: allow them with "Allow desktop notifications" in the Alerts panel.';
    case 'denied':
      return "No desktop notification: this browser blocks them for Tradedesk (the site's settings).";
    case 'unsupported':
      return 'No desktop notification: this browser cannot show them.';
  }
}

/**
 * Tells the trader about a fired alert on the desktop where the host did not (the browser host:
 * `osNotified` false), through the Web Notifications API once the trader allowed it. Returns the
 * sentence the toast adds when no notification could be shown. `onClick`: the notification was
 * clicked (focus the page on that instrument).
 */
export function notifyDesktop(
  push: AlertTriggeredPush,
  onClick: () => void,
  api: NotificationApi | null = notificationApi(),
): string | null {
  if (push.osNotified) return null;
  const permission = desktopPermission(api);
  if (permission !== 'granted' || api === null) return missingNotificationNotice(permission);
  try {
    const n = new api(`Tradedesk alert: ${push.alert.symbol}`, { body: push.text, tag: `alert-${push.alert.id}` });
    n.onclick = () => onClick();
    return null;
  } catch {
    // Some browsers allow the permission but refuse page-made notifications (service workers only).
    return missingNotificationNotice('unsupported');
  }
}
