import { describe, expect, it } from 'vitest';
import {
  candidateInsightProblems,
  type CandidateInsight,
  type InsightInput,
  insightGeneratorDeclarationProblems,
  maxTransactionDays,
} from './insight-generator';
import { type PluginDefinition, validatePlugin } from './manifest';

describe('candidateInsightProblems', () => {
  const input: InsightInput = {
    customer: 'c1',
    features: { 'recurring.count': 4 },
    transactions: {
      window: { from: '2026-10-01T00:00:00Z', to: '2026-11-26T00:00:00Z' },
      items: [
        {
          id: 't1',
          accountId: 'a1',
          bookingDate: '2026-11-02',
          amount: { minor: '1299', currency: 'EUR' },
          direction: 'debit',
          merchant: 'StreamCo',
          recurringId: 'r1',
        },
      ],
    },
    now: '2026-11-26T08:00:00Z',
  };
  const good: CandidateInsight = {
    kind: 'subscription-price-rise',
    title: 'Your {merchant} subscription went up',
    body: 'It now costs {newAmount} a month, {rise} more than before.',
    parameters: {
      merchant: { type: 'text', value: 'StreamCo' },
      newAmount: { type: 'money', value: { minor: '1299', currency: 'EUR' } },
      rise: { type: 'percent', basisPoints: 3003 },
    },
    severity: 'notice',
    relevance: 0.7,
    evidence: [
      { kind: 'transaction', id: 't1' },
      { kind: 'recurring-payment', id: 'r1' },
    ],
    expiresAt: '2026-12-26T00:00:00Z',
    dedupeKey: 'subscription-price-rise:r1:1299',
  };
  const kinds = ['subscription-price-rise'];

  it('accepts a well-formed candidate', () => {
    expect(candidateInsightProblems([good], input, kinds)).toEqual([]);
  });

  it('names every problem of a bad one', () => {
    const bad: CandidateInsight = {
      ...good,
      kind: 'horoscope',
      body: 'It now costs {newAmount} ({oldAmount} before).',
      relevance: 1.5,
      expiresAt: '2026-11-01T00:00:00Z',
      evidence: [{ kind: 'transaction', id: 'not-given' }],
    };
    expect(candidateInsightProblems([bad], input, kinds)).toEqual([
      { path: '$[0].kind', message: '"horoscope" is not a kind the generator declares' },
      { path: '$[0].parameters.oldAmount', message: 'is used in the text but not given' },
      { path: '$[0].parameters.rise', message: 'is given but not used' },
      { path: '$[0].relevance', message: 'must be between 0 and 1' },
      { path: '$[0].expiresAt', message: 'must be an ISO instant after now' },
      { path: '$[0].evidence[0].id', message: 'names a transaction that was not in the input' },
    ]);
  });

  it('refuses a candidate without evidence', () => {
    expect(candidateInsightProblems([{ ...good, evidence: [] }], input, kinds)).toEqual([
      { path: '$[0].evidence', message: 'must name what the insight rests on' },
    ]);
  });
});

describe('insightGeneratorDeclarationProblems', () => {
  const good = {
    kinds: [{ kind: 'idle-cash', description: 'Money that sat in the current account for months.' }],
    features: ['balance.mean', 'spend.category.*'],
    transactionDays: 90,
  };

  it('accepts well-formed declarations, no features and 0 days included', () => {
    expect(insightGeneratorDeclarationProblems(good)).toEqual([]);
    expect(insightGeneratorDeclarationProblems({ ...good, features: [], transactionDays: 0 })).toEqual([]);
  });

  it('names each problem by its path', () => {
    expect(
      insightGeneratorDeclarationProblems({
        kinds: [
          { kind: 'Idle Cash', description: 'x' },
          { kind: 'salary-change', description: ' ' },
          { kind: 'salary-change', description: 'again' },
        ],
        features: ['balance.mean', 'no-such-feature'],
        transactionDays: 90.5,
      }),
    ).toEqual([
      {
        path: '$.kinds[0].kind',
        message: 'must be lower-case words joined by hyphens (e.g. "unusual-spending")',
      },
      { path: '$.kinds[1].description', message: 'describe the kind for the bank' },
      { path: '$.kinds[2].kind', message: '"salary-change" is declared twice' },
      expect.objectContaining({ path: '$.features[1]' }),
      {
        path: '$.transactionDays',
        message: `must be a whole number of days from 0 to ${maxTransactionDays}`,
      },
    ]);
    expect(insightGeneratorDeclarationProblems({ ...good, kinds: [] })).toEqual([
      { path: '$.kinds', message: 'declare at least one kind' },
    ]);
    expect(
      insightGeneratorDeclarationProblems({ ...good, transactionDays: maxTransactionDays + 1 }),
    ).toHaveLength(1);
    expect(insightGeneratorDeclarationProblems({ ...good, locales: ['en', 'sl-SI'] })).toEqual([]);
    expect(insightGeneratorDeclarationProblems({ ...good, locales: ['en', 'not a tag!'] })).toEqual([
      { path: '$.locales[1]', message: 'must be a language tag (e.g. "en", "sl-SI")' },
    ]);
  });

  it('refuses a plugin whose generator declares badly (validatePlugin), under the extension’s path', () => {
    const plugin = (declared: Record<string, unknown>) =>
      ({
        manifest: {
          id: 'acme-insights',
          name: 'Acme insights',
          version: '1.0.0',
          publisher: 'Acme',
          sdk: '^0.1.0',
          capabilities: ['insight-generator'],
          settings: { type: 'object' },
          permissions: { data: [], hosts: [] },
          regions: ['EU'],
          trust: 'third-party',
        },
        extensions: {
          'insight-generator': { ...good, ...declared, create: () => ({ generate: async () => [] }) },
        },
      }) as unknown as PluginDefinition;
    expect(validatePlugin(plugin({})).ok).toBe(true);
    expect(validatePlugin(plugin({ kinds: [] }))).toEqual({
      ok: false,
      problems: [{ path: '$.extensions.insight-generator.kinds', message: 'declare at least one kind' }],
    });
  });
});
