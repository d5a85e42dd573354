import { describe, expect, it } from 'vitest';
import {
  type CandidateDebit,
  type DebitHistory,
  defaultPromptSettings,
  notableDebits,
} from './notable-transactions';

const history: DebitHistory = {
  medianByCurrency: new Map([['EUR', { median: 4_000, count: 20 }]]),
  knownMerchants: new Set(['grocer a']),
  newRecurringTransactionIds: new Set(['gym']),
};
const debit = (
  id: string,
  amountMinor: bigint,
  merchant: string | null,
  category: string | null = null,
): CandidateDebit => ({
  id,
  amountMinor,
  currency: 'EUR',
  merchant,
  category,
});

describe('notable debits', () => {
  it('large before new recurring before new merchant, larger first, within the room left', () => {
    const found = notableDebits(
      [
        debit('small-new', 2_000n, 'Cafe Nova', 'eating-out'),
        debit('gym', 3_000n, 'Grocer A'),
        debit('tv', 90_000n, 'Grocer A'),
        debit('sofa', 124_000n, 'IKEA'),
        debit('usual', 4_100n, 'grocer a'),
      ],
      history,
      defaultPromptSettings,
      10,
    );
    expect(found).toEqual([
      { transactionId: 'sofa', reason: 'large-amount', question: 'expected' },
      { transactionId: 'tv', reason: 'large-amount', question: 'expected' },
      { transactionId: 'gym', reason: 'new-recurring', question: 'expected' },
      { transactionId: 'small-new', reason: 'new-merchant', question: 'category' },
    ]);
    expect(
      notableDebits(
        [debit('sofa', 124_000n, 'IKEA'), debit('x', 10n, 'New')],
        history,
        defaultPromptSettings,
        1,
      ),
    ).toEqual([{ transactionId: 'sofa', reason: 'large-amount', question: 'expected' }]);
  });

  it('large needs both the multiple and the minimum; without history or when disabled nothing is notable', () => {
    // 3 × 4,000 = 12,000 < 20,000 but below the 25,000 minimum: not large (and a known merchant).
    expect(notableDebits([debit('a', 20_000n, 'Grocer A')], history, defaultPromptSettings, 5)).toEqual([]);
    const thin: DebitHistory = { ...history, medianByCurrency: new Map([['EUR', { median: 10, count: 3 }]]) };
    expect(notableDebits([debit('a', 124_000n, 'IKEA')], thin, defaultPromptSettings, 5)).toEqual([]);
    expect(
      notableDebits([debit('a', 124_000n, 'IKEA')], history, { ...defaultPromptSettings, enabled: false }, 5),
    ).toEqual([]);
    expect(
      notableDebits(
        [debit('a', 124_000n, 'USD shop')],
        { ...history, medianByCurrency: new Map() },
        defaultPromptSettings,
        5,
      ),
    ).toEqual([]);
  });
});
