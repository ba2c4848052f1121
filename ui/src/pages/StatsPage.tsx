/** Slot for the StatsPage (being built). */
export function StatsPage() {
  return null;
}
