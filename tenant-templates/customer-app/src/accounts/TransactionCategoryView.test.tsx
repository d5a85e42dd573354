import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/client.ts';
import type { Transaction } from './accounts-api.ts';
import { TransactionCategory } from './TransactionCategory.tsx';

// The markup only: nothing is called while rendering, so no API is needed.
const api = {} as ApiClient;
const transaction: Transaction = {
  id: 't1',
  accountId: 'a1',
  amount: { minor: '1299', currency: 'EUR' },
  direction: 'DEBIT',
  status: 'BOOKED',
  bookingDate: '2026-11-20',
  counterparty: { name: 'Streamly', account: null },
  description: 'STREAMLY MONTHLY',
  merchantName: 'Streamly',
  category: 'subscriptions',
  categorySource: 'RULE',
};
const render = (
  row: Transaction,
  categories = [{ id: 'subscriptions', kind: 'SPENDING', label: 'Subscriptions' }],
) =>
  renderToStaticMarkup(
    <TransactionCategory
      api={api}
      token="t"
      transaction={row}
      name="Streamly, -€12.99 on Nov 20, 2026"
      categories={categories}
      labels={new Map(categories.map((category) => [category.id, category.label]))}
      onChanged={() => undefined}
      announce={() => undefined}
    />,
  );

describe('a transaction’s category (markup rendered with react-dom/server)', () => {
  it('names the category and who chose it, with a button that says which transaction it changes', () => {
    const html = render(transaction);
    expect(html).toContain('Subscriptions · by a rule');
    expect(html).toContain('aria-label="Change the category of Streamly, -€12.99 on Nov 20, 2026"');
    expect(html).not.toContain('disabled');
  });

  it('says when a transaction has no category yet, and offers no choice before the taxonomy is there', () => {
    const html = render({ ...transaction, category: null, categorySource: null }, []);
    expect(html).toContain('No category');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Change category<\/button>/);
  });
});
