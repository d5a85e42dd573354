// The states every dashboard panel shares: a spinner while loading, the API's message with "Try again" on
// failure, and — when the data needs a consent the customer has not given — what to do instead of an error.
import type { ReactNode } from 'react';
import type { Load } from './use-load.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function Panel<T>(props: {
  id: string;
  title: string;
  state: Load<T>;
  onRetry: () => void;
  /** Shown when the API refuses for want of a consent (FORBIDDEN): not an error, a next step. */
  unavailable?: (message: string) => ReactNode;
  children: (value: T) => ReactNode;
  /** Extra controls beside the heading. */
  actions?: ReactNode;
}) {
  const { id, title, state } = props;
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid={id}>
      <div className="panel-head">
        <h2 id={`${id}-heading`}>{title}</h2>
        {props.actions}
      </div>
      {state.kind === 'loading' && (
        <div
          className="spinner"
          role="progressbar"
          aria-busy="true"
          aria-label={t('panel.loading', { title: title.toLowerCase() })}
        />
      )}
      {state.kind === 'failed' && state.code === 'FORBIDDEN' && props.unavailable && (
        <div className="empty" data-testid={`${id}-unavailable`}>
          {props.unavailable(state.message)}
        </div>
      )}
      {state.kind === 'failed' && !(state.code === 'FORBIDDEN' && props.unavailable) && (
        <div className="card notice" role="alert" data-testid={`${id}-error`}>
          <p>{t('panel.failed', { title, message: state.message })}</p>
          <button type="button" className="button primary" onClick={props.onRetry}>
            {t('app.tryAgain')}
          </button>
        </div>
      )}
      {state.kind === 'ready' && props.children(state.value)}
    </section>
  );
}

/** The next step when behaviour data needs the aggregation consent (the API's message says which). */
export function NeedsConsent({ message }: { message: string }) {
  const { t } = useI18n();
  return (
    <>
      <p>{message}</p>
      <p className="sub">{t('panel.needsConsent')}</p>
    </>
  );
}

/**
 * A panel whose value is a list: a status line (read out after each change), then `before` (e.g. an editor),
 * then the empty state or the items (`item` returns each `<li>`). Test ids: `<id>-status`, `-empty`, `-list`.
 */
export function ListPanel<T>(props: {
  id: string;
  title: string;
  state: Load<T[]>;
  onRetry: () => void;
  status: string | null;
  empty: ReactNode;
  actions?: ReactNode;
  listClassName?: string;
  before?: (list: T[]) => ReactNode;
  item: (item: T, list: T[]) => ReactNode;
}) {
  const { id } = props;
  return (
    <Panel id={id} title={props.title} state={props.state} onRetry={props.onRetry} actions={props.actions}>
      {(list) => (
        <>
          <p role="status" aria-live="polite" className="sub" data-testid={`${id}-status`}>
            {props.status}
          </p>
          {props.before?.(list)}
          {list.length === 0 ? (
            <p className="empty" data-testid={`${id}-empty`}>
              {props.empty}
            </p>
          ) : (
            <ul className={props.listClassName ?? 'tool-list'} data-testid={`${id}-list`}>
              {list.map((item) => props.item(item, list))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}
