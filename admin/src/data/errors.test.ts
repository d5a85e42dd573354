import { describe, expect, it } from 'vitest';
import { ApiError, describe as describeError, retryQuery } from './errors.ts';

describe('retryQuery (every query of the portal)', () => {
  it('asks again after a network failure or a server error, three times at most', () => {
    const network = new ApiError('NETWORK', 'unreachable');
    expect(retryQuery(0, network)).toBe(true);
    expect(retryQuery(2, new ApiError('INTERNAL', 'failed'))).toBe(true);
    expect(retryQuery(3, network)).toBe(false);
    expect(retryQuery(0, new Error('not an API error'))).toBe(true);
  });

  it('does not ask again what the API refused for good: a role it refuses, an input it rejects', () => {
    expect(retryQuery(0, new ApiError('FORBIDDEN', 'not allowed'))).toBe(false);
    expect(retryQuery(0, new ApiError('INVALID', 'bad filter'))).toBe(false);
  });
});

describe('describe (what staff read for an API error)', () => {
  it('a refusal names no bank slug and reads roles by their names', () => {
    const message = describeError(
      'FORBIDDEN',
      'Only compliance-officer or customer may list data-subject requests.',
      'demo-bank',
    );
    expect(message).not.toContain('demo-bank');
    expect(message).not.toMatch(/compliance-officer|bank-admin/);
    expect(message).toContain('at this bank');
    expect(message).toContain('Only compliance officer or customer may list data-subject requests.');
    expect(describeError('FORBIDDEN', 'Only bank-admin may manage category rules.')).toContain(
      'Only bank administrator may manage category rules.',
    );
  });
});
