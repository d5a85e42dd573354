// Said once above a page that offers categories (budgets, rules, suggestions) when the taxonomy did not load:
// its lists of categories are empty for a reason, and "Try again" loads it again. The Overview says it beside
// each "Change category" instead.
import type { Category } from './dashboard-api.ts';
import type { Load } from './use-load.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function CategoriesNotice(props: { categories: Load<Category[]>; onRetry: () => void }) {
  const { t } = useI18n();
  if (props.categories.kind !== 'failed') return null;
  return (
    <div className="card notice" role="alert" data-testid="categories-notice">
      <p>{t('categories.failed', { message: props.categories.message })}</p>
      <button type="button" className="button primary" onClick={props.onRetry}>
        {t('app.tryAgain')}
      </button>
    </div>
  );
}
