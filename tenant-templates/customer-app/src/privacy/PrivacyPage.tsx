// "Privacy & consents": the customer's consents with their dates and text version, a grant button per
// purpose (showing the text first) and a revoke button — both confirmed once, nothing more.
import { useCallback, useEffect, useReducer, useState } from 'react';
import { type ApiClient, ApiError, type Consent, type ConsentText } from '../api/client.ts';
import {
  type ActionState,
  confirmation,
  consentActions,
  consentRows,
  grantableTexts,
  idle,
  type PendingAction,
  purposeLabels,
} from './consents.ts';

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
  const rows = consentRows(data.consents);
  return (
    <section className="card privacy" data-testid="privacy">
      <h1>Privacy &amp; consents</h1>
      {error && (
        <p className="detail" role="alert">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p>You have not given any consent yet.</p>
      ) : (
        <table className="consents">
          <thead>
            <tr>
              <th>Purpose</th>
              <th>Status</th>
              <th>Given</th>
              <th>Until</th>
              <th>Text version</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-consent={row.id}>
                <td>{row.purpose}</td>
                <td>{row.status}</td>
                <td>{row.granted}</td>
                <td>{row.until}</td>
                <td>{row.textVersion}</td>
                <td>
                  {row.canRenew && (
                    <button
                      type="button"
                      className="button ghost"
                      title={row.renewalNote ?? undefined}
                      onClick={() => onRenew(row.id)}
                    >
                      Renew
                    </button>
                  )}
                  {row.canRevoke && (
                    <button
                      type="button"
                      className="button ghost"
                      onClick={() => onChoose({ kind: 'revoke', consentId: row.id, purpose: row.purpose })}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Give a consent</h2>
      <div className="tiles">
        {grantableTexts(data.texts, data.consents).map((text) => (
          <div className="tile" key={text.purpose}>
            <span className="tile-label">{purposeLabels[text.purpose]}</span>
            <button
              type="button"
              className="button primary"
              onClick={() => onChoose({ kind: 'grant', text })}
            >
              Give consent
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
  const { title, body, confirm } = confirmation(action);
  return (
    <div className="card notice" role="dialog" aria-label={title} data-testid="consent-confirmation">
      <h2>{title}</h2>
      <p>{body}</p>
      {action.kind === 'grant' && <p className="detail">Text version {action.text.version}</p>}
      <button type="button" className="button primary" disabled={submitting} onClick={onConfirm}>
        {submitting ? 'Saving…' : confirm}
      </button>
      <button type="button" className="button ghost" disabled={submitting} onClick={onCancel}>
        Cancel
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

  const load = useCallback(async () => {
    const [consents, texts] = await Promise.all([api.consents(accessToken), api.consentTexts(accessToken)]);
    setData({ consents, texts });
  }, [api, accessToken]);

  useEffect(() => {
    load().catch((cause: unknown) => setError(describe(cause)));
  }, [load]);

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
      .catch((cause: unknown) => setError(describe(cause)))
      .finally(() => dispatch({ type: 'done' }));
  }, [state, api, accessToken, load]);

  async function renew(consentId: string) {
    try {
      await api.renewConsent(accessToken, consentId);
      await load();
      setError(null);
    } catch (cause) {
      if (cause instanceof ApiError && cause.stepUp) onStepUp(cause);
      else setError(describe(cause));
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

function describe(error: unknown): string {
  if (error instanceof ApiError)
    return error.requestId ? `${error.message} (request ${error.requestId})` : error.message;
  return (error as Error)?.message ?? String(error);
}
