import { describe, expect, it } from 'vitest';
import { decideAlertDeliveries, defaultAlertLimits, formatMinor, startOfUtcDay } from './alert-fatigue';

const now = new Date('2026-11-26T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

describe('decideAlertDeliveries', () => {
  it('sends an alert outside its cooldown and holds back one inside it', () => {
    const decisions = decideAlertDeliveries({
      occurrences: [
        { alertId: 'a', subjectRef: 'a:1' },
        { alertId: 'b', subjectRef: 'b:1' },
      ],
      alerts: new Map([
        ['a', { cooldownHours: 24, lastSentAt: hoursAgo(24) }],
        ['b', { cooldownHours: 24, lastSentAt: hoursAgo(23.9) }],
      ]),
      sentToday: 0,
      limits: defaultAlertLimits,
      now,
    });
    expect(decisions.map((item) => item.decision)).toEqual(['sent', 'cooldown']);
  });

  it('a second occurrence of the same alert in one evaluation falls in the cooldown the first started', () => {
    const decisions = decideAlertDeliveries({
      occurrences: [
        { alertId: 'a', subjectRef: 'a:1' },
        { alertId: 'a', subjectRef: 'a:2' },
      ],
      alerts: new Map([['a', { cooldownHours: 1, lastSentAt: null }]]),
      sentToday: 0,
      limits: defaultAlertLimits,
      now,
    });
    expect(decisions.map((item) => item.decision)).toEqual(['sent', 'cooldown']);
  });

  it('cooldown 0 lets every occurrence through, until the daily cap counts the earlier sends of the day', () => {
    const occurrences = Array.from({ length: 4 }, (_, index) => ({ alertId: 'a', subjectRef: `a:${index}` }));
    const decisions = decideAlertDeliveries({
      occurrences,
      alerts: new Map([['a', { cooldownHours: 0, lastSentAt: hoursAgo(0.1) }]]),
      sentToday: 3,
      limits: { defaultCooldownHours: 24, perCustomerPerDay: 5 },
      now,
    });
    expect(decisions.map((item) => item.decision)).toEqual(['sent', 'sent', 'daily-cap', 'daily-cap']);
  });

  it('an occurrence of an unknown alert is a programming error', () => {
    expect(() =>
      decideAlertDeliveries({
        occurrences: [{ alertId: 'x', subjectRef: 'x:1' }],
        alerts: new Map(),
        sentToday: 0,
        limits: defaultAlertLimits,
        now,
      }),
    ).toThrow(/No alert x/);
  });
});

describe('alert helpers', () => {
  it('the day of the cap starts at 00:00 UTC', () => {
    expect(startOfUtcDay(new Date('2026-11-26T23:59:59Z')).toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it.each([
    [-1234n, 'EUR', '-12.34 EUR'],
    [5n, 'EUR', '0.05 EUR'],
    [1500n, 'JPY', '1500 JPY'],
    [1234n, 'BHD', '1.234 BHD'],
    [900719925474099312n, 'EUR', '9007199254740993.12 EUR'],
  ])('formats %s %s as %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });
});
