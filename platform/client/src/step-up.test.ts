import { describe, expect, it } from 'vitest';
import { safeReturnPath, stepUpChallengeOf } from './step-up.ts';

describe('stepUpChallengeOf', () => {
  it('reads the acr values and max age of a STEP_UP_REQUIRED error', () => {
    expect(
      stepUpChallengeOf({ code: 'STEP_UP_REQUIRED', requestId: 'r', acrValues: 'mfa', maxAgeSeconds: 900 }),
    ).toEqual({ acrValues: 'mfa', maxAgeSeconds: 900 });
    expect(stepUpChallengeOf({ code: 'STEP_UP_REQUIRED', acrValues: 'mfa gold' })).toEqual({
      acrValues: 'mfa gold',
      maxAgeSeconds: undefined,
    });
  });

  it('ignores other codes and malformed or unsafe acr values', () => {
    expect(stepUpChallengeOf({ code: 'FORBIDDEN', acrValues: 'mfa' })).toBeUndefined();
    expect(stepUpChallengeOf({ code: 'STEP_UP_REQUIRED' })).toBeUndefined();
    expect(stepUpChallengeOf({ code: 'STEP_UP_REQUIRED', acrValues: 'mfa&prompt=none' })).toBeUndefined();
    expect(stepUpChallengeOf(null)).toBeUndefined();
  });
});

describe('safeReturnPath', () => {
  it('keeps a path of this app and turns anything else into /', () => {
    expect(safeReturnPath('/customers?page=2')).toBe('/customers?page=2');
    for (const unsafe of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'customers',
      42,
      undefined,
    ]) {
      expect(safeReturnPath(unsafe)).toBe('/');
    }
  });
});
