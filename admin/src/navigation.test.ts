import { describe, expect, it } from 'vitest';
import { routesFor, screensFor } from './navigation.ts';

describe('screens per role (mirroring the API role matrix)', () => {
  it('gives platform operators the banks only', () => {
    expect(screensFor(['platform-operator'])).toEqual(['tenants']);
  });

  it('gives bank administrators consents, models, category rules and reviews, insights, surveys, products, plugins, webhooks and staff, not data-subject requests or the audit trail', () => {
    expect(screensFor(['bank-admin'])).toEqual([
      'customers',
      'consents',
      'models',
      'category-rules',
      'recommendation-reviews',
      'insights',
      'surveys',
      'products',
      'plugins',
      'webhooks',
      'staff',
    ]);
  });

  it('gives compliance officers data-subject requests, models, reviews, products and the audit trail (last), not category rules, plugins, webhooks or staff', () => {
    expect(screensFor(['compliance-officer'])).toEqual([
      'customers',
      'consents',
      'data-subject-requests',
      'models',
      'recommendation-reviews',
      'insights',
      'surveys',
      'products',
      'audit-trail',
    ]);
    expect(screensFor(['bank-admin', 'compliance-officer'])).toEqual([
      'customers',
      'consents',
      'data-subject-requests',
      'models',
      'category-rules',
      'recommendation-reviews',
      'insights',
      'surveys',
      'products',
      'plugins',
      'webhooks',
      'staff',
      'audit-trail',
    ]);
  });

  it('gives anyone else only the customers screen, where the API says "not allowed"', () => {
    expect(screensFor(['customer'])).toEqual(['customers']);
    expect(screensFor(undefined)).toEqual(['customers']);
  });
});

describe('routes per role', () => {
  it('registers every bank screen for bank users (a refused one shows "not allowed"), the banks for operators', () => {
    const bank = [
      'customers',
      'consents',
      'data-subject-requests',
      'models',
      'category-rules',
      'recommendation-reviews',
      'insights',
      'surveys',
      'products',
      'plugins',
      'webhooks',
      'staff',
      'audit-trail',
    ];
    expect(routesFor(['bank-admin'])).toEqual(bank);
    expect(routesFor(['customer'])).toEqual(bank);
    expect(routesFor(['platform-operator'])).toEqual(['tenants']);
  });

  it('never lists a menu entry without its route', () => {
    for (const roles of [['platform-operator'], ['bank-admin'], ['compliance-officer'], ['customer'], []]) {
      for (const screen of screensFor(roles)) expect(routesFor(roles)).toContain(screen);
    }
  });
});
