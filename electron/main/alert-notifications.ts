import { Notification } from 'electron';
import type { AlertService } from '../core/alerts';

/**
 * Electron glue of price alerts: shows the OS notification the core asks for (the core decides
 * whether to tell, who tells among the trader's terminals, and the words: AlertService), and
 * reports its click back (the core then points the windows at the instrument: `alerts.focus`).
 * Returns the function that stops showing them.
 */
export function showAlertNotifications(alerts: AlertService, focusMainWindow: () => void): () => void {
  // A notification must stay referenced until it is clicked or closed, or its click is lost.
  const shown = new Set<Notification>();
  return alerts.onNotify((n) => {
    if (!Notification.isSupported()) return false;
    const notification = new Notification({ title: n.title, body: n.body });
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      focusMainWindow();
      alerts.notificationClicked(n.alertId);
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
    return true;
  });
}
