import { describe, expect, it, vi } from 'vitest';
import { demoCustomerProblems } from '../customers';
import { tenantInputProblems } from '../tenancy';
import { DEMO_BANK, DEMO_CUSTOMER_SUBJECT, demoEmail, describeDemoBankSeed, seedDemoBank } from './demo-bank';

describe('the demo bank', () => {
  it('is demo-bank, Demo Bank, EU, realm demo-bank, in the brand colours, and valid onboarding input', () => {
    expect(DEMO_BANK).toMatchObject({
      slug: 'demo-bank',
      name: 'Demo Bank',
      region: 'EU',
      realm: 'demo-bank',
      branding: { displayName: 'Demo Bank', primaryColor: '#0B5FFF', accentColor: '#00B894' },
    });
    expect(tenantInputProblems(DEMO_BANK)).toEqual([]);
    expect(demoCustomerProblems(DEMO_BANK.customers, 'input')).toEqual([]);
  });

  it('starts with the sandbox bank connector plugin (the demo customer can connect an account), the retail catalogue (products to show) and the default recommendation model', () => {
    expect(DEMO_BANK.plugins).toEqual([
      { id: 'connector-sandbox' },
      { id: 'catalogue-retail' },
      { id: 'model-propensity' },
    ]);
  });

  it('has an inline SVG logo: a bank mark in the brand colours', () => {
    const logoUrl = DEMO_BANK.branding.logoUrl!;
    expect(logoUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(logoUrl.slice(logoUrl.indexOf(',') + 1), 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('#0B5FFF');
    expect(svg).toContain('#00B894');
    expect(logoUrl.length).toBeLessThan(2_000);
  });

  it('has Ana Novak (who signs in to realm demo-bank) first, then 24 more, all with unique emails', () => {
    expect(DEMO_BANK.customers).toHaveLength(25);
    expect(DEMO_BANK.customers[0]).toEqual({
      subject: DEMO_CUSTOMER_SUBJECT,
      displayName: 'Ana Novak',
      email: 'ana.novak@demo-bank.example',
    });
    expect(DEMO_CUSTOMER_SUBJECT).toBe('5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01');
    const emails = DEMO_BANK.customers.map((customer) => customer.email);
    expect(new Set(emails).size).toBe(25);
    expect(emails.every((email) => /^[a-z-]+\.[a-z-]+@demo-bank\.example$/.test(email!))).toBe(true);
    expect(new Set(DEMO_BANK.customers.map((customer) => customer.displayName)).size).toBe(25);
  });

  it('turns names with diacritics into ASCII email addresses', () => {
    expect(demoEmail('Živa', 'Kovačič')).toBe('ziva.kovacic@demo-bank.example');
  });
});

describe('seedDemoBank', () => {
  it('starts onboarding with the demo bank and waits for that run', async () => {
    const result = { tenantId: 't-1', slug: 'demo-bank', status: 'ACTIVE', demoCustomers: 25 };
    const onboarding = {
      start: vi.fn(async () => ({
        workflowId: 'onboard-tenant:demo-bank',
        runId: 'run-1',
        status: 'RUNNING',
        tenant: null,
      })),
      awaitResult: vi.fn(async () => result),
    };

    const seed = await seedDemoBank(onboarding, { timeoutMs: 1_000 });

    expect(onboarding.start).toHaveBeenCalledWith(DEMO_BANK);
    expect(onboarding.awaitResult).toHaveBeenCalledWith(
      expect.objectContaining({ workflowId: 'onboard-tenant:demo-bank', runId: 'run-1' }),
      { timeoutMs: 1_000 },
    );
    expect(seed).toEqual({ workflowId: 'onboard-tenant:demo-bank', runId: 'run-1', result });
    expect(describeDemoBankSeed(seed)).toBe(
      'Demo bank "demo-bank" is ACTIVE with 25 demo customers (workflow onboard-tenant:demo-bank, run run-1)',
    );
  });
});
