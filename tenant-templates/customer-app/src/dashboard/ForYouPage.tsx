// "For you": the customer's insights (thumbs up/down as "Useful" / "Not useful", dismiss) and the bank's recommendations with their reason,
// the features behind it, the required disclosures and the actions the API offers (opening "what this is based
// on" records OPENED; "I'm interested" accepts, then the catalogue's documents are the next step; a 1–5 rating;
// not for me; contest in the customer's words; ask a person to review); then the quick questions about notable
// transactions and the bank's open survey (`FeedbackCards.tsx`).
import { useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import {
  type Category,
  contestRecommendation,
  fetchInsights,
  fetchRecommendations,
  type Insight,
  type Recommendation,
  type RecommendationList,
  requestHumanReview,
  respondToInsight,
  respondToRecommendation,
} from './dashboard-api.ts';
import { disclosureWhen, featureLabel } from './dashboard-format.ts';
import { PromptsPanel, SurveyPanel } from './FeedbackCards.tsx';
import { ListPanel, Panel } from './Panel.tsx';
import { failureOf, useLoad } from './use-load.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** `insightId`: the insight a link (a notification) opened — shown, marked and recorded as OPENED. */
export function ForYouPage(props: {
  api: ApiClient;
  token: string;
  insightId?: string | null;
  categories: Category[];
  labels: ReadonlyMap<string, string>;
}) {
  return (
    <>
      <InsightsPanel api={props.api} token={props.token} insightId={props.insightId} />
      <RecommendationsPanel api={props.api} token={props.token} />
      <PromptsPanel {...props} />
      <SurveyPanel {...props} />
    </>
  );
}

function InsightsPanel({
  api,
  token,
  insightId,
}: {
  api: ApiClient;
  token: string;
  insightId?: string | null;
}) {
  const { t } = useI18n();
  const [insights, reload, setInsights] = useLoad(() => fetchInsights(api, token), [api, token]);
  const [status, setStatus] = useState<string | null>(null);
  const linked = useRef<string | null>(null);
  // Once the list is in: bring the linked insight into view with the focus on it, and record the opening
  // (once per link); one no longer listed (dismissed or expired) is said to be gone, not silently ignored.
  useEffect(() => {
    if (!insightId || insights.kind !== 'ready' || linked.current === insightId) return;
    linked.current = insightId;
    const element = document.querySelector<HTMLElement>(`[data-insight="${CSS.escape(insightId)}"]`);
    if (!element) {
      setStatus(t('insights.gone'));
      return;
    }
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
    void respondToInsight(api, token, { insightId, outcome: 'OPENED' }).catch(() => undefined);
  }, [insightId, insights, api, token]);
  // The API's answer replaces the insight, so its feedback (the thumbs pressed) is always the stored one.
  const replace = (all: Insight[], updated: Insight) =>
    setInsights(all.map((item) => (item.id === updated.id ? updated : item)));

  async function rate(insight: Insight, rating: -1 | 1, all: Insight[]) {
    try {
      replace(all, await respondToInsight(api, token, { insightId: insight.id, rating }));
      setStatus(t('insights.thanks'));
    } catch (error) {
      setStatus(t('insights.feedbackFailed', { message: failureOf(error).message }));
    }
  }

  async function dismiss(insight: Insight, all: Insight[]) {
    try {
      await respondToInsight(api, token, { insightId: insight.id, outcome: 'DISMISSED' });
      setInsights(all.filter((item) => item.id !== insight.id));
      setStatus(t('insights.dismissed', { title: insight.title }));
    } catch (error) {
      setStatus(t('insights.dismissFailed', { message: failureOf(error).message }));
    }
  }

  return (
    <ListPanel
      id="insights"
      title={t('insights.title')}
      state={insights}
      onRetry={reload}
      status={status}
      empty={t('insights.empty')}
      listClassName="insight-list"
      item={(insight, list) => (
        <li
          key={insight.id}
          className={`insight ${insight.severity}${insight.id === insightId ? ' focused' : ''}`}
          data-insight={insight.id}
          tabIndex={insight.id === insightId ? -1 : undefined}
          aria-current={insight.id === insightId ? 'true' : undefined}
        >
          <h3>
            {insight.severity === 'warning' && (
              <span className="visually-hidden">{t('insights.warning')}</span>
            )}
            {insight.title}
          </h3>
          <p>{insight.text}</p>
          <div
            className="actions"
            role="group"
            aria-label={t('insights.feedbackOn', { title: insight.title })}
          >
            <button
              type="button"
              className="button ghost-dark"
              aria-pressed={insight.feedback?.rating === 1}
              onClick={() => void rate(insight, 1, list)}
            >
              {t('insights.useful')}
            </button>
            <button
              type="button"
              className="button ghost-dark"
              aria-pressed={insight.feedback?.rating === -1}
              onClick={() => void rate(insight, -1, list)}
            >
              {t('insights.notUseful')}
            </button>
            <button type="button" className="button secondary" onClick={() => void dismiss(insight, list)}>
              {t('insights.dismiss')}
            </button>
          </div>
        </li>
      )}
    />
  );
}

function RecommendationsPanel({ api, token }: { api: ApiClient; token: string }) {
  const { t, language } = useI18n();
  // The API writes the availability message in the app's language: a switch loads the list again.
  const [list, reload, setList] = useLoad(() => fetchRecommendations(api, token), [api, token, language]);
  const [status, setStatus] = useState<string | null>(null);

  function remove(value: RecommendationList, id: string) {
    setList({ ...value, recommendations: value.recommendations.filter((item) => item.id !== id) });
  }
  // The API's answer replaces the card: its status and the actions still open are always the stored ones.
  function replace(value: RecommendationList, updated: Recommendation) {
    setList({
      ...value,
      recommendations: value.recommendations.map((item) => (item.id === updated.id ? updated : item)),
    });
  }

  return (
    <Panel id="recommendations" title={t('recommendations.title')} state={list} onRetry={reload}>
      {(value) => (
        <>
          <p role="status" aria-live="polite" className="sub" data-testid="recommendations-status">
            {status}
          </p>
          {value.recommendations.length === 0 ? (
            <div className="empty" data-testid="recommendations-empty">
              <p>{value.message}</p>
            </div>
          ) : (
            <>
              <p className="sub">{value.message}</p>
              <ul className="recommendation-list">
                {value.recommendations.map((recommendation) => (
                  <RecommendationCard
                    key={recommendation.id}
                    recommendation={recommendation}
                    onDismiss={async () => {
                      try {
                        await respondToRecommendation(api, token, recommendation.id, 'DISMISSED');
                        remove(value, recommendation.id);
                        setStatus(t('recommendations.notAgain', { name: nameOf(recommendation) }));
                      } catch (error) {
                        setStatus(t('recommendations.failed', { message: failureOf(error).message }));
                      }
                    }}
                    onOpen={() =>
                      // Opening is a signal for the bank's models, not something the customer waits for.
                      void respondToRecommendation(api, token, recommendation.id, 'OPENED').then(
                        (updated) => replace(value, updated),
                        () => undefined,
                      )
                    }
                    onAccept={async () => {
                      try {
                        replace(
                          value,
                          await respondToRecommendation(api, token, recommendation.id, 'ACCEPTED'),
                        );
                        setStatus(t('recommendations.interested', { name: nameOf(recommendation) }));
                      } catch (error) {
                        setStatus(t('recommendations.failed', { message: failureOf(error).message }));
                      }
                    }}
                    onRate={async (rating) => {
                      try {
                        replace(
                          value,
                          await respondToRecommendation(api, token, recommendation.id, 'RATED', rating),
                        );
                        setStatus(t('recommendations.rated', { name: nameOf(recommendation), rating }));
                      } catch (error) {
                        setStatus(t('recommendations.ratingFailed', { message: failureOf(error).message }));
                      }
                    }}
                    onContest={async (text) => {
                      await contestRecommendation(api, token, recommendation.id, text);
                      setStatus(t('recommendations.contested', { name: nameOf(recommendation) }));
                    }}
                    onRequestReview={async () => {
                      try {
                        await requestHumanReview(api, token, recommendation.id);
                        setStatus(t('recommendations.reviewRequested', { name: nameOf(recommendation) }));
                      } catch (error) {
                        setStatus(t('recommendations.failed', { message: failureOf(error).message }));
                      }
                    }}
                  />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Panel>
  );
}

const nameOf = (recommendation: Recommendation) => recommendation.product?.name ?? recommendation.productId;

export function RecommendationCard(props: {
  recommendation: Recommendation;
  /** The customer opened "What this is based on" (recorded once per showing). */
  onOpen: () => void;
  onAccept: () => Promise<void>;
  onRate: (rating: number) => Promise<void>;
  onDismiss: () => Promise<void>;
  onContest: (text: string) => Promise<void>;
  onRequestReview: () => Promise<void>;
}) {
  const { recommendation } = props;
  const [contesting, setContesting] = useState(false);
  const [words, setWords] = useState('');
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  // The API does not return a stored rating: the pressed star is this showing's answer.
  const [rated, setRated] = useState<number | null>(null);
  const can = (action: Recommendation['actions'][number]) => recommendation.actions.includes(action);
  const name = nameOf(recommendation);
  const headingId = `recommendation-${recommendation.id}`;

  async function contest(event: React.FormEvent) {
    event.preventDefault();
    if (words.trim().length === 0) {
      setProblem(t('recommendations.whyNotEmpty'));
      return;
    }
    try {
      await props.onContest(words.trim());
      setContesting(false);
      setWords('');
      setProblem(null);
    } catch (error) {
      setProblem(failureOf(error).message);
    }
  }

  return (
    <li className="recommendation card" aria-labelledby={headingId} data-product={recommendation.productId}>
      <h3 id={headingId}>{name}</h3>
      {recommendation.product?.summary && <p>{recommendation.product.summary}</p>}
      <p className="reason">
        <strong>{t('recommendations.why')}</strong>
        {recommendation.reason}
      </p>
      {recommendation.attributions.length > 0 && (
        <details
          onToggle={(event) => {
            if (!(event.currentTarget as HTMLDetailsElement).open || opened || !can('OPEN')) return;
            setOpened(true);
            props.onOpen();
          }}
        >
          <summary>{t('recommendations.basedOn')}</summary>
          <ul className="attributions">
            {recommendation.attributions.map((attribution) => (
              <li key={attribution.feature}>
                {featureLabel(attribution.feature, t)}
                {attribution.contribution >= 0
                  ? t('recommendations.moreLikely')
                  : t('recommendations.lessLikely')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {recommendation.disclosures.length > 0 && (
        <p className="sub disclosures">
          {t('recommendations.youWillReceive', {
            documents: recommendation.disclosures
              .map((item) => `${item.document} (${disclosureWhen(item.when, t)})`)
              .join(', '),
          })}
        </p>
      )}
      {recommendation.status === 'ACCEPTED' && (
        <div className="accepted" data-testid="recommendation-accepted">
          <p>
            <strong>{t('recommendations.youAreInterested')}</strong>
            {t('recommendations.bankWillContact')}
          </p>
          {(recommendation.product?.disclosures.length ?? 0) > 0 && (
            <p className="sub">
              {t('recommendations.readFirst')}
              {recommendation.product!.disclosures.map((document, index) => (
                <span key={document.url}>
                  {index > 0 && ', '}
                  <a href={document.url} target="_blank" rel="noreferrer">
                    {document.title}
                  </a>
                </span>
              ))}
            </p>
          )}
        </div>
      )}
      {can('RATE') && (
        <div className="rating" role="group" aria-label={t('recommendations.rate', { name })}>
          <span className="sub" aria-hidden="true">
            {t('recommendations.howWell')}
          </span>
          {[1, 2, 3, 4, 5].map((stars) => (
            <button
              key={stars}
              type="button"
              className="button ghost-dark star"
              aria-label={t('recommendations.stars', { stars })}
              aria-pressed={rated === stars}
              onClick={() => {
                setRated(stars);
                void props.onRate(stars);
              }}
            >
              {rated !== null && stars <= rated ? '★' : '☆'}
            </button>
          ))}
        </div>
      )}
      <div className="actions">
        {can('ACCEPT') && (
          <button type="button" className="button primary" onClick={() => void props.onAccept()}>
            {t('recommendations.accept')}
          </button>
        )}
        {can('DISMISS') && (
          <button type="button" className="button secondary" onClick={() => void props.onDismiss()}>
            {t('recommendations.dismiss')}
          </button>
        )}
        {can('CONTEST') && !contesting && (
          <button type="button" className="button secondary" onClick={() => setContesting(true)}>
            {t('recommendations.contest')}
          </button>
        )}
        {can('REQUEST_HUMAN_REVIEW') && (
          <button type="button" className="button secondary" onClick={() => void props.onRequestReview()}>
            {t('recommendations.review')}
          </button>
        )}
      </div>
      {contesting && (
        <form className="contest" onSubmit={(event) => void contest(event)}>
          <label htmlFor={`${headingId}-words`}>{t('recommendations.whyNot')}</label>
          <textarea
            id={`${headingId}-words`}
            value={words}
            maxLength={2000}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${headingId}-problem` : undefined}
            onChange={(event) => setWords(event.target.value)}
          />
          {problem && (
            <span className="problem" id={`${headingId}-problem`}>
              {problem}
            </span>
          )}
          <div className="actions">
            <button type="submit" className="button primary">
              {t('recommendations.send')}
            </button>
            <button type="button" className="button secondary" onClick={() => setContesting(false)}>
              {t('recommendations.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
