import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CategoriesNotice } from './CategoriesNotice.tsx';

const render = (categories: Parameters<typeof CategoriesNotice>[0]['categories']) =>
  renderToStaticMarkup(<CategoriesNotice categories={categories} onRetry={() => undefined} />);

describe('the notice when the categories did not load (markup rendered with react-dom/server)', () => {
  it('says why the category lists are empty, with the API’s message and Try again', () => {
    const html = render({ kind: 'failed', message: 'The service is unavailable.', code: 'NETWORK' });
    expect(html).toContain('role="alert"');
    expect(html).toContain(
      'The categories did not load, so budgets and rules cannot offer them yet: The service is unavailable.',
    );
    expect(html).toContain('>Try again</button>');
  });

  it('says nothing while they load or once they are there', () => {
    expect(render({ kind: 'loading' })).toBe('');
    expect(
      render({ kind: 'ready', value: [{ id: 'groceries', kind: 'SPENDING', label: 'Groceries' }] }),
    ).toBe('');
  });
});
