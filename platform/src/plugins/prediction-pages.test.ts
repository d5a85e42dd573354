// How a third-party model's prediction batch is cut into pages that each fit one sandbox call.
import type { PredictionBatch } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { predictPageCustomers, predictionPages } from './third-party-runtime';

const batchOf = (count: number, featureCount = 1): PredictionBatch => ({
  artifact: { format: 'test', encoding: 'json', data: { weights: [1, 2, 3] } },
  asOf: '2026-11-26T00:00:00.000Z',
  products: [{ id: 'saver', type: 'savings-account' }],
  customers: Array.from({ length: count }, (_, index) => ({
    customer: `c-${index}`,
    features: Object.fromEntries(Array.from({ length: featureCount }, (_, j) => [`spend.category.c${j}`, j])),
    held: [],
  })),
});

describe('predictionPages', () => {
  it('keeps every customer once, in order, each page within the byte limit', () => {
    const batch = batchOf(500);
    const limit = 4_096;
    const pages = predictionPages(batch, limit);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(limit);
      expect(page.artifact).toEqual(batch.artifact);
      expect(page.products).toEqual(batch.products);
      expect(page.asOf).toBe(batch.asOf);
    }
    expect(pages.flatMap((page) => page.customers)).toEqual(batch.customers);
    // Pages are filled: a page and the next one's first customer would not fit together.
    const [first, second] = pages;
    const joined = { ...first!, customers: [...first!.customers, second!.customers[0]!] };
    expect(Buffer.byteLength(JSON.stringify(joined))).toBeGreaterThan(limit);
  });

  it('holds at most predictPageCustomers customers however small they are', () => {
    const pages = predictionPages(batchOf(2 * predictPageCustomers + 1), 1024 * 1024 * 1024);
    expect(pages.map((page) => page.customers.length)).toEqual([
      predictPageCustomers,
      predictPageCustomers,
      1,
    ]);
  });

  it('an empty batch is one page; a customer too large alone gets a page of its own (the sandbox refuses it)', () => {
    expect(predictionPages(batchOf(0), 1_000)).toEqual([batchOf(0)]);
    const pages = predictionPages(batchOf(3, 20), 400);
    expect(pages.map((page) => page.customers.length)).toEqual([1, 1, 1]);
    expect(Buffer.byteLength(JSON.stringify(pages[0]))).toBeGreaterThan(400);
  });
});
