import { describe, expect, it } from 'vitest';
import { returnPathOf } from './oidc.ts';

describe('return after sign-in', () => {
  it('goes back to the page a step-up started from, and home for anything that is not a path of the app', () => {
    expect(returnPathOf({ returnTo: '/accounts?tab=2' })).toBe('/accounts?tab=2');
    expect(returnPathOf({ returnTo: 'https://evil.example/' })).toBe('/');
    expect(returnPathOf(undefined)).toBe('/');
  });
});
