// A transaction's category with "Change category": the taxonomy to choose from, and "always do this for
// <merchant>", which makes the Rules page's simple rule. The new category shows at once; what happened is said in
// the transactions' status line. Until the taxonomy is there the button stays disabled and says why beside it
// (with "Try again" when loading it failed).
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Category } from '../dashboard/dashboard-api.ts';
import { createRule } from '../dashboard/rules-api.ts';
import { CheckedForm } from '../dashboard/ToolParts.tsx';
import { failureOf, type Load } from '../dashboard/use-load.ts';
import { categoriseTransaction, type Transaction } from './accounts-api.ts';
import {
  categoryChoice,
  categoryOrigin,
  type Recategorisation,
  type RecategoriseForm,
  recategorisationFromForm,
  recategoriseApiFields,
  recategoriseFailure,
  ruleTextOf,
} from './recategorise.ts';

export function TransactionCategory(props: {
  api: ApiClient;
  token: string;
  transaction: Transaction;
  /** How the row is named to screen readers ("Streamly, €9.99 on 20 Nov 2026"). */
  name: string;
  /** The taxonomy as the dashboard loads it; `onRetryCategories` loads it again. */
  categories: Load<Category[]>;
  onRetryCategories: () => void;
  labels: ReadonlyMap<string, string>;
  onChanged: (category: string) => void;
  announce: (message: string) => void;
}) {
  const { api, token, transaction, labels } = props;
  const [open, setOpen] = useState(false);
  const labelOf = (id: string) => labels.get(id) ?? id;
  const ruleText = ruleTextOf(transaction);
  const idPrefix = `recategorise-${transaction.id}`;
  const { t } = useI18n();
  const choice = categoryChoice(props.categories, t);
  const reasonId = `${idPrefix}-unavailable`;
  // Closing the form (saved or cancelled) puts the focus back on the button that opened it.
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (!open && wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <div className="transaction-category">
      <span className="sub">
        {transaction.category ? labelOf(transaction.category) : t('category.none')}
        {transaction.category && ` · ${categoryOrigin(transaction.categorySource, t)}`}
      </span>
      {!open && (
        <button
          ref={button}
          type="button"
          className="button secondary small"
          aria-label={t('category.changeOf', { name: props.name })}
          // Without the taxonomy there is nothing to choose from (it loads with the dashboard).
          disabled={choice.categories === null}
          aria-describedby={choice.unavailable === null ? undefined : reasonId}
          onClick={() => setOpen(true)}
        >
          {t('category.change')}
        </button>
      )}
      {!open && choice.unavailable !== null && (
        <span className="category-unavailable" data-testid="category-unavailable">
          <span id={reasonId} className="sub">
            {choice.unavailable}
          </span>
          {choice.canRetry && (
            <button type="button" className="button secondary small" onClick={props.onRetryCategories}>
              {t('app.tryAgain')}
            </button>
          )}
        </span>
      )}
      {open && choice.categories !== null && (
        <CheckedForm<keyof RecategoriseForm, Recategorisation>
          idPrefix={idPrefix}
          label={t('category.changeOf', { name: props.name })}
          testId="recategorise-form"
          submitLabel={t('category.save')}
          initial={{ category: transaction.category ?? '', always: '' }}
          fields={() => [
            {
              name: 'category',
              label: t('category.field'),
              options: choice.categories.map((category) => ({ value: category.id, label: category.label })),
              placeholder: t('category.choose'),
            },
            ...(ruleText
              ? [
                  {
                    name: 'always' as const,
                    label: t('category.always', { text: ruleText }),
                    type: 'checkbox' as const,
                  },
                ]
              : []),
          ]}
          check={(form) => recategorisationFromForm(form, ruleText, t)}
          send={async ({ category, ruleText: text }) => {
            try {
              await categoriseTransaction(api, token, transaction.id, category);
            } catch (error) {
              throw recategoriseFailure(error, t);
            }
            props.onChanged(category);
            const moved = t('category.moved', { category: labelOf(category) });
            if (!text) return moved;
            // The category is changed either way; a refused rule is said, not hidden.
            try {
              await createRule(api, token, { action: 'SET_CATEGORY', category, text });
              return t('category.ruleMade', { moved, text, category: labelOf(category) });
            } catch (error) {
              return t('category.ruleFailed', { moved, text, message: failureOf(error).message });
            }
          }}
          apiFields={recategoriseApiFields}
          onSaved={(message) => {
            setOpen(false);
            props.announce(message);
          }}
          onCancel={() => setOpen(false)}
        />
      )}
    </div>
  );
}
