/**
 * Example plugin: an insight generator. From a customer's features and recent transactions it proposes
 * candidate insights; the platform scores their relevance, checks consent and the region's rules, renders
 * the text in the customer's language and delivers. This one notices a merchant the customer pays once a
 * month charging more than the month before (a subscription or bill that went up). Replace it with your
 * insight; keep to the contract (see the SDK's docs/reference/insight-generator.md): text as templates
 * whose `{placeholders}` are all parameters, evidence that names what it rests on, an expiry after now,
 * one dedupe key per insight.
 */
import {
  type CandidateInsight,
  definePlugin,
  type InsightGenerator,
  type InsightTransaction,
} from '@finpersona/plugin-sdk';

export const generator: InsightGenerator = {
  async generate(input) {
    // Card payments per merchant and month (YYYY-MM).
    const byMerchant = new Map<string, Map<string, InsightTransaction[]>>();
    for (const item of input.transactions.items) {
      if (item.direction !== 'debit' || !item.merchant) continue;
      const months = byMerchant.get(item.merchant) ?? new Map<string, InsightTransaction[]>();
      const month = item.bookingDate.slice(0, 7);
      months.set(month, [...(months.get(month) ?? []), item]);
      byMerchant.set(item.merchant, months);
    }
    const expiresAt = new Date(Date.parse(input.now) + 14 * 86_400_000).toISOString();
    const insights: CandidateInsight[] = [];
    for (const [merchant, months] of [...byMerchant].sort(([a], [b]) => a.localeCompare(b))) {
      const ordered = [...months].sort(([a], [b]) => a.localeCompare(b));
      // Only merchants paid exactly once in each of the last two months: a regular payment.
      const [previous, latest] = ordered.slice(-2).map(([, items]) => items);
      if (!previous || !latest || previous.length !== 1 || latest.length !== 1) continue;
      const before = previous[0]!.amount;
      const after = latest[0]!.amount;
      if (before.currency !== after.currency || BigInt(after.minor) <= BigInt(before.minor)) continue;
      const risePercent = Number(
        ((BigInt(after.minor) - BigInt(before.minor)) * 10_000n) / BigInt(before.minor),
      );
      insights.push({
        kind: 'payment-up',
        title: 'Your {merchant} payment went up',
        body: 'You paid {merchant} {after} this month, up from {before}.',
        parameters: {
          merchant: { type: 'text', value: merchant },
          before: { type: 'money', value: before },
          after: { type: 'money', value: after },
        },
        severity: 'info',
        relevance: Math.min(1, risePercent / 10_000),
        evidence: [
          { kind: 'transaction', id: previous[0]!.id },
          { kind: 'transaction', id: latest[0]!.id },
        ],
        expiresAt,
        dedupeKey: `payment-up:${merchant}:${latest[0]!.bookingDate.slice(0, 7)}`,
      });
    }
    return insights;
  },
};

export default definePlugin({
  manifest: {
    id: 'example-plugin',
    name: 'Example plugin',
    version: '0.1.0',
    publisher: 'Example Publisher',
    description: 'Tells customers when a merchant they pay monthly charges more than the month before.',
    sdk: '^0.1.0',
    capabilities: ['insight-generator'],
    settings: { type: 'object', additionalProperties: false, properties: {} },
    // It reads the customer's (pseudonymous) features and transactions and calls no host.
    permissions: { data: ['features', 'transactions'], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'third-party',
  },
  extensions: {
    'insight-generator': {
      kinds: [
        {
          kind: 'payment-up',
          description: 'A merchant paid once a month charged more than the month before.',
        },
      ],
      features: ['recurring.count'],
      transactionDays: 92,
      create: () => generator,
    },
  },
});
