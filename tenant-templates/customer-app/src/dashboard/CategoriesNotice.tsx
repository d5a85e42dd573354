// Said once above a page that offers categories (budgets, rules, suggestions) when the taxonomy did not load:
// its lists of categories are empty for a reason, and "Try again" loads it again. The Overview says it beside
// each "Change category" instead.
import type { Category } from './dashboard-api.ts';
import type { Load } from './use-load.ts';

export function CategoriesNotice(props: { categories: Load<Category[]>; onRetry: () => void }) {
  if (props.categories.kind !== 'failed') return null;
  return (
    <div className="card notice" role="alert" data-testid="categories-notice">
      <p>
        The categories did not load, so budgets and rules cannot offer them yet: {props.categories.message}
      </p>
      <button type="button" className="button primary" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
