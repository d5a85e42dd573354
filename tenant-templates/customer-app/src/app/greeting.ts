/** "Good morning, Ana" — by the customer's local time, with their first name. */
export function greeting(displayName: string | null | undefined, now: Date = new Date()): string {
  const hour = now.getHours();
  const partOfDay = hour < 5 ? 'evening' : hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
  const firstName = displayName?.trim().split(/\s+/)[0];
  return firstName ? `Good ${partOfDay}, ${firstName}` : `Good ${partOfDay}`;
}
