/** Slot for the AdminPage (being built). */
export function AdminPage() {
  return null;
}
