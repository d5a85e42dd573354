import { english, type Translate } from '../i18n/i18n.ts';

/** "Good morning, Ana" — by the customer's local time, with their first name. */
export function greeting(
  displayName: string | null | undefined,
  now: Date = new Date(),
  t: Translate = english,
): string {
  const hour = now.getHours();
  const partOfDay = t(
    hour < 5
      ? 'greeting.evening'
      : hour < 12
        ? 'greeting.morning'
        : hour < 18
          ? 'greeting.afternoon'
          : 'greeting.evening',
  );
  const firstName = displayName?.trim().split(/\s+/)[0];
  return firstName ? t('greeting.named', { greeting: partOfDay, name: firstName }) : partOfDay;
}
