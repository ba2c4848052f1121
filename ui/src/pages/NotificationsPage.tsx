/** Slot for the NotificationsPage (being built). */
export function NotificationsPage() {
  return null;
}
