/**
 * Example plugin: a product catalogue — the bank's products with typed attributes (fees, rates, limits,
 * eligibility, disclosure documents). The platform shows them to customers of the bank's region and reasons
 * about them (recommendations, eligibility rules). Replace the range below with your bank's; keep to the
 * contract (see the SDK's docs/reference/product-catalogue.md): money in minor units of the product's
 * currency, rates in basis points, stable unique ids, the same answer for the same settings.
 */
import { definePlugin, moneyFromDecimal, type PluginRegion, type Product } from '@finpersona/plugin-sdk';

const currencies: Record<PluginRegion, string> = { EU: 'EUR', UK: 'GBP', US: 'USD' };

/** The range for one region, in its currency. */
function productsFor(region: PluginRegion, documentsBaseUrl: string): Product[] {
  const currency = currencies[region];
  const money = (amount: string) => moneyFromDecimal(amount, currency);
  const terms = (id: string) => ({
    kind: 'terms' as const,
    title: 'Terms and conditions',
    url: `${documentsBaseUrl}/${id}/terms.pdf`,
    version: '2026-01',
    language: 'en',
  });
  return [
    {
      id: 'everyday-account',
      name: 'Everyday account',
      type: 'current-account',
      summary: 'A current account with a debit card and no monthly fee.',
      currency,
      regions: [region],
      fees: [{ kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 150 }],
      rates: [{ kind: 'overdraft-apr', basisPoints: 1490, type: 'variable' }],
      limits: { amount: { max: money('1500.00') } },
      eligibility: { minAge: 18, creditCheck: 'soft' },
      disclosures: [terms('everyday-account')],
    },
    {
      id: 'easy-saver',
      name: 'Easy saver',
      type: 'savings-account',
      summary: 'Instant access savings.',
      currency,
      regions: [region],
      fees: [],
      rates: [
        {
          kind: region === 'UK' ? 'aer' : region === 'US' ? 'apy' : 'interest',
          basisPoints: 275,
          type: 'variable',
        },
      ],
      limits: { amount: { min: money('1.00'), max: money('250000.00') } },
      eligibility: { minAge: 16, creditCheck: 'none' },
      disclosures: [terms('easy-saver')],
    },
  ];
}

export default definePlugin({
  manifest: {
    id: 'example-plugin',
    name: 'Example plugin',
    version: '0.1.0',
    publisher: 'Example Publisher',
    description: 'The Example bank range: an everyday account and an easy saver.',
    sdk: '^0.1.0',
    capabilities: ['product-catalogue'],
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        documentsBaseUrl: {
          type: 'string',
          format: 'uri',
          description: "Where the bank publishes its product documents (default the example bank's).",
        },
      },
    },
    // A catalogue only describes the bank's products: it reads no platform data and calls no host.
    permissions: { data: [], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'third-party',
  },
  extensions: {
    'product-catalogue': {
      listProducts: ({ region, settings }) =>
        productsFor(
          region,
          String(settings.documentsBaseUrl ?? 'https://bank.example/documents').replace(/\/+$/, ''),
        ),
    },
  },
});
