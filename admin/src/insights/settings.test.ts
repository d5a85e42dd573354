import { describe, expect, it } from 'vitest';
import { kindName, settingsChanges } from './InsightsPage.tsx';

const stored = {
  notifyThreshold: 0.6,
  isDefault: true,
  kinds: [
    { kind: 'idle-cash', description: '', pluginId: 'insights-core', enabled: true },
    { kind: 'salary-change', description: '', pluginId: 'insights-core', enabled: false },
  ],
};

describe('insight settings changes', () => {
  it('sends only what changed', () => {
    expect(settingsChanges(stored, 0.6, { 'idle-cash': true, 'salary-change': false })).toEqual({});
    expect(settingsChanges(stored, 0.75, { 'idle-cash': false, 'salary-change': false })).toEqual({
      notifyThreshold: 0.75,
      kinds: [{ kind: 'idle-cash', enabled: false }],
    });
  });
});

describe('kindName', () => {
  it('reads an insight kind id as words', () => {
    expect(kindName('idle-cash')).toBe('Idle cash');
    expect(kindName('upcoming-low-balance')).toBe('Upcoming low balance');
  });
});
