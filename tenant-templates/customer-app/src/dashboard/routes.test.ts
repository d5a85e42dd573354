import { describe, expect, it } from 'vitest';
import { insightPath, pathOf, privacyPath, routeOf, viewOf } from './routes.ts';

describe('dashboard deep links', () => {
  it('reads a page, a tool and an insight from the path, and writes the same path back', () => {
    for (const path of [
      '/dashboard/overview',
      '/dashboard/spending',
      '/dashboard/for-you',
      '/dashboard/money-tools',
      '/dashboard/money-tools/alerts',
      '/dashboard/spending/forecast',
      '/dashboard/for-you/insights/9f1c0d2e-1111-4aaa-8bbb-0123456789ab',
    ]) {
      expect(pathOf(routeOf(path))).toBe(path);
    }
    expect(routeOf('/dashboard/money-tools/goals')).toEqual({
      page: 'money-tools',
      section: 'goals',
      insightId: null,
    });
    expect(routeOf(insightPath('abc'))).toEqual({ page: 'for-you', section: 'insights', insightId: 'abc' });
  });

  it('takes the root, an unknown page or section, and foreign paths as the Overview or the page alone', () => {
    const overview = { page: 'overview', section: null, insightId: null };
    expect(routeOf('/')).toEqual(overview);
    expect(routeOf('/dashboard/nope')).toEqual(overview);
    expect(routeOf('/connections/callback')).toEqual(overview);
    expect(routeOf('/dashboard/spending/alerts')).toEqual({
      page: 'spending',
      section: null,
      insightId: null,
    });
    // Without an id, "insights" is the panel.
    expect(routeOf('/dashboard/for-you/insights')).toEqual({
      page: 'for-you',
      section: 'insights',
      insightId: null,
    });
    expect(routeOf('/dashboard/for-you/insights/a/b')).toEqual({
      page: 'for-you',
      section: null,
      insightId: null,
    });
    // An id is encoded on the way out, so a crafted one cannot add path segments.
    expect(insightPath('a/b')).toBe('/dashboard/for-you/insights/a%2Fb');
  });

  it('the privacy page has a path of its own (a consent reminder links it); every other path is the dashboard', () => {
    expect(privacyPath).toBe('/privacy');
    expect(viewOf('/privacy')).toBe('privacy');
    for (const path of ['/', '/dashboard/for-you', '/privacy/more', '/privacy-policy']) {
      expect(viewOf(path)).toBe('home');
    }
  });
});
