/** Slot for the AccountPage (being built). */
export function AccountPage() {
  return null;
}
