// "Privacy & consents": the customer's consents with their dates and text version, a grant button per
// purpose (showing the text first) and a revoke button — both confirmed once, nothing more.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { type ApiClient, ApiError, type Consent, type ConsentText } from '../api/client.ts';
import {
  type ActionState,
  confirmation,
  consentActions,
  consentRows,
  grantableTexts,
  idle,
  type PendingAction,
  purposeLabel,
} from './consents.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { describeError as describe } from '../app/describe-error.ts';

export interface PrivacyData {
  consents: Consent[];
  texts: ConsentText[];
}

/** The page as data in, markup out (rendered on the server in unit tests). */
export function PrivacyView({
  data,
  state,
  error,
  onChoose,
  onConfirm,
  onCancel,
  onRenew,
}: {
  data: PrivacyData;
  state: ActionState;
  error: string | null;
  onChoose: (action: PendingAction) => void;
  onConfirm: () => void;
  onCancel: () => void;
  onRenew: (consentId: string) => void;
}) {
  const { t } = useI18n();
  const rows = consentRows(data.consents, t);
  return (
    <section className="card privacy" data-testid="privacy">
      <h1>{t('privacy.title')}</h1>
      {error && (
        <p className="detail" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('privacy.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="consents">
            <thead>
              <tr>
                <th>{t('privacy.purpose')}</th>
                <th>{t('privacy.status')}</th>
                <th>{t('privacy.given')}</th>
                <th>{t('privacy.until')}</th>
                <th>{t('privacy.textVersion')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-consent={row.id}>
                  <td data-label={t('privacy.purpose')}>{row.purpose}</td>
                  <td data-label={t('privacy.status')}>{row.status}</td>
                  <td data-label={t('privacy.given')}>{row.granted}</td>
                  <td data-label={t('privacy.until')}>{row.until}</td>
                  <td data-label={t('privacy.textVersion')}>{row.textVersion}</td>
                  <td className="consent-actions">
                    {row.canRenew && (
                      <button
                        type="button"
                        className="button secondary"
                        title={row.renewalNote ?? undefined}
                        onClick={() => onRenew(row.id)}
                      >
                        {t('privacy.renew')}
                      </button>
                    )}
                    {row.canRevoke && (
                      <button
                        type="button"
                        className="button secondary"
                        onClick={() => onChoose({ kind: 'revoke', consentId: row.id, purpose: row.purpose })}
                      >
                        {t('privacy.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('privacy.give')}</h2>
      <div className="tiles">
        {grantableTexts(data.texts, data.consents).map((text) => (
          <div className="tile" key={text.purpose}>
            <span className="tile-label">{purposeLabel(text.purpose, t)}</span>
            <button
              type="button"
              className="button primary"
              onClick={() => onChoose({ kind: 'grant', text })}
            >
              {t('privacy.giveConsent')}
            </button>
          </div>
        ))}
      </div>
      {state.pending && (
        <Confirmation
          action={state.pending}
          submitting={state.submitting}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      )}
    </section>
  );
}

function Confirmation({
  action,
  submitting,
  onConfirm,
  onCancel,
}: {
  action: PendingAction;
  submitting: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { title, body, confirm } = confirmation(action, t);
  // It opens below the consents and the tiles: on a phone far under the button that asked for it, so it comes
  // into view with the focus on it (a screen reader reads it next).
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialog.current?.scrollIntoView({ block: 'nearest' });
    dialog.current?.focus({ preventScroll: true });
  }, [action]);
  return (
    <div
      ref={dialog}
      tabIndex={-1}
      className="card notice"
      role="dialog"
      aria-label={title}
      data-testid="consent-confirmation"
    >
      <h2>{title}</h2>
      <p>{body}</p>
      {action.kind === 'grant' && (
        <p className="detail">{t('privacy.versionOf', { version: action.text.version })}</p>
      )}
      <button type="button" className="button primary" disabled={submitting} onClick={onConfirm}>
        {submitting ? t('privacy.saving') : confirm}
      </button>
      <button type="button" className="button secondary" disabled={submitting} onClick={onCancel}>
        {t('privacy.cancel')}
      </button>
    </div>
  );
}

/** Loads the customer's consents and the texts, and runs the actions through the API. */
export function PrivacyPage({
  api,
  accessToken,
  onStepUp,
}: {
  api: ApiClient;
  accessToken: string;
  /** A renewal asked for a recent one-time code (EU): the app signs in again with it. */
  onStepUp: (error: ApiError) => void;
}) {
  const [data, setData] = useState<PrivacyData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, dispatch] = useReducer(consentActions, idle);
  const { t, language } = useI18n();

  // The texts in the app's language, so the grant (and the consent's proof) carries the customer's language.
  const load = useCallback(async () => {
    const [consents, texts] = await Promise.all([
      api.consents(accessToken),
      api.consentTexts(accessToken, language),
    ]);
    setData({ consents, texts });
  }, [api, accessToken, language]);

  useEffect(() => {
    load().catch((cause: unknown) => setError(describe(cause, t)));
  }, [load, t]);

  useEffect(() => {
    if (!state.submitting || !state.pending) return;
    const action = state.pending;
    const run =
      action.kind === 'grant'
        ? api.grantConsent(accessToken, action.text)
        : api.revokeConsent(accessToken, action.consentId);
    run
      .then(() => load())
      .then(() => setError(null))
      .catch((cause: unknown) => setError(describe(cause, t)))
      .finally(() => dispatch({ type: 'done' }));
  }, [state, api, accessToken, load, t]);

  async function renew(consentId: string) {
    try {
      await api.renewConsent(accessToken, consentId);
      await load();
      setError(null);
    } catch (cause) {
      if (cause instanceof ApiError && cause.stepUp) onStepUp(cause);
      else setError(describe(cause, t));
    }
  }

  if (!data) {
    return error ? (
      <section className="card notice" role="alert">
        <p>{error}</p>
      </section>
    ) : (
      <section className="centered" aria-busy="true">
        <div className="spinner" aria-hidden="true" />
      </section>
    );
  }
  return (
    <PrivacyView
      data={data}
      state={state}
      error={error}
      onChoose={(action) => dispatch({ type: 'choose', action })}
      onConfirm={() => dispatch({ type: 'confirm' })}
      onCancel={() => dispatch({ type: 'cancel' })}
      onRenew={(id) => void renew(id)}
    />
  );
}
