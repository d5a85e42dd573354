import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/client.ts';
import type { Category } from '../dashboard/dashboard-api.ts';
import type { Load } from '../dashboard/use-load.ts';
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
const taxonomy: Category[] = [{ id: 'subscriptions', kind: 'SPENDING', label: 'Subscriptions' }];
const render = (row: Transaction, categories: Load<Category[]> = { kind: 'ready', value: taxonomy }) =>
  renderToStaticMarkup(
    <TransactionCategory
      api={api}
      token="t"
      transaction={row}
      name="Streamly, -€12.99 on Nov 20, 2026"
      categories={categories}
      onRetryCategories={() => undefined}
      labels={new Map(taxonomy.map((category) => [category.id, category.label]))}
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
    expect(html).not.toContain('Try again');
  });

  it('says when a transaction has no category yet, and offers no choice before the taxonomy is there', () => {
    const html = render({ ...transaction, category: null, categorySource: null }, { kind: 'loading' });
    expect(html).toContain('No category');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Change category<\/button>/);
    expect(html).toContain('Loading the categories…');
    expect(html).not.toContain('Try again');
  });

  it('says beside the disabled button why it is disabled when the taxonomy failed to load, with a way to retry', () => {
    const html = render(transaction, {
      kind: 'failed',
      message: 'The service could not be reached (Failed to fetch).',
      code: 'NETWORK',
    });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Change category<\/button>/);
    // The button is described by the reason, which is shown next to it, followed by "Try again".
    expect(html).toContain('aria-describedby="recategorise-t1-unavailable"');
    expect(html).toMatch(
      /<span id="recategorise-t1-unavailable" class="sub">The categories did not load, so this cannot be changed yet\.<\/span><button type="button" class="button secondary small">Try again<\/button>/,
    );
  });

  it('says there is nothing to choose from when the taxonomy is empty (no retry: it loaded)', () => {
    const html = render(transaction, { kind: 'ready', value: [] });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Change category<\/button>/);
    expect(html).toContain('There are no categories to choose from yet.');
    expect(html).not.toContain('Try again');
  });
});
