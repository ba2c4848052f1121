/** Slot for the NotificationBell (being built). */
export function NotificationBell() {
  return null;
}
