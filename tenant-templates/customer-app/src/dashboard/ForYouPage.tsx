// "For you": the customer's insights (thumbs up/down as "Useful" / "Not useful", dismiss) and the bank's recommendations with their reason,
// the features behind it, the required disclosures and the actions the API offers (not for me, contest in
// the customer's words, ask a person to review).
import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import {
  contestRecommendation,
  dismissRecommendation,
  fetchInsights,
  fetchRecommendations,
  type Insight,
  type Recommendation,
  type RecommendationList,
  requestHumanReview,
  respondToInsight,
} from './dashboard-api.ts';
import { disclosureWhen, featureLabel } from './dashboard-format.ts';
import { Panel } from './Panel.tsx';
import { failureOf, useLoad } from './use-load.ts';

export function ForYouPage(props: { api: ApiClient; token: string }) {
  return (
    <>
      <InsightsPanel {...props} />
      <RecommendationsPanel {...props} />
    </>
  );
}

function InsightsPanel({ api, token }: { api: ApiClient; token: string }) {
  const [insights, reload, setInsights] = useLoad(() => fetchInsights(api, token), [api, token]);
  // The API's answer replaces the insight, so its feedback (the thumbs pressed) is always the stored one.
  const replace = (all: Insight[], updated: Insight) =>
    setInsights(all.map((item) => (item.id === updated.id ? updated : item)));
  const [status, setStatus] = useState<string | null>(null);

  async function rate(insight: Insight, rating: -1 | 1, all: Insight[]) {
    try {
      replace(all, await respondToInsight(api, token, { insightId: insight.id, rating }));
      setStatus('Thank you: your feedback helps us show you what matters.');
    } catch (error) {
      setStatus(`Your feedback could not be sent: ${failureOf(error).message}`);
    }
  }

  async function dismiss(insight: Insight, all: Insight[]) {
    try {
      await respondToInsight(api, token, { insightId: insight.id, outcome: 'DISMISSED' });
      setInsights(all.filter((item) => item.id !== insight.id));
      setStatus(`“${insight.title}” dismissed.`);
    } catch (error) {
      setStatus(`It could not be dismissed: ${failureOf(error).message}`);
    }
  }

  return (
    <Panel id="insights" title="Insights" state={insights} onRetry={reload}>
      {(list) => (
        <>
          <p role="status" aria-live="polite" className="sub">
            {status}
          </p>
          {list.length === 0 ? (
            <p className="empty" data-testid="insights-empty">
              No insights right now. We will tell you when something in your accounts is worth knowing.
            </p>
          ) : (
            <ul className="insight-list">
              {list.map((insight) => (
                <li key={insight.id} className={`insight ${insight.severity}`} data-insight={insight.id}>
                  <h3>
                    {insight.severity === 'warning' && <span className="visually-hidden">Warning: </span>}
                    {insight.title}
                  </h3>
                  <p>{insight.text}</p>
                  <div className="actions" role="group" aria-label={`Feedback on ${insight.title}`}>
                    <button
                      type="button"
                      className="button ghost-dark"
                      aria-pressed={insight.feedback?.rating === 1}
                      onClick={() => void rate(insight, 1, list)}
                    >
                      Useful
                    </button>
                    <button
                      type="button"
                      className="button ghost-dark"
                      aria-pressed={insight.feedback?.rating === -1}
                      onClick={() => void rate(insight, -1, list)}
                    >
                      Not useful
                    </button>
                    <button
                      type="button"
                      className="button secondary"
                      onClick={() => void dismiss(insight, list)}
                    >
                      Dismiss
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}

function RecommendationsPanel({ api, token }: { api: ApiClient; token: string }) {
  const [list, reload, setList] = useLoad(() => fetchRecommendations(api, token), [api, token]);
  const [status, setStatus] = useState<string | null>(null);

  function remove(value: RecommendationList, id: string) {
    setList({ ...value, recommendations: value.recommendations.filter((item) => item.id !== id) });
  }

  return (
    <Panel id="recommendations" title="Picked for you" state={list} onRetry={reload}>
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
                        await dismissRecommendation(api, token, recommendation.id);
                        remove(value, recommendation.id);
                        setStatus(`We will not suggest ${nameOf(recommendation)} again.`);
                      } catch (error) {
                        setStatus(`That did not work: ${failureOf(error).message}`);
                      }
                    }}
                    onContest={async (text) => {
                      await contestRecommendation(api, token, recommendation.id, text);
                      setStatus(
                        `Thank you. A person at the bank will review ${nameOf(recommendation)} and reply.`,
                      );
                    }}
                    onRequestReview={async () => {
                      try {
                        await requestHumanReview(api, token, recommendation.id);
                        setStatus(`A person at the bank will review ${nameOf(recommendation)}.`);
                      } catch (error) {
                        setStatus(`That did not work: ${failureOf(error).message}`);
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
  onDismiss: () => Promise<void>;
  onContest: (text: string) => Promise<void>;
  onRequestReview: () => Promise<void>;
}) {
  const { recommendation } = props;
  const [contesting, setContesting] = useState(false);
  const [words, setWords] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const can = (action: Recommendation['actions'][number]) => recommendation.actions.includes(action);
  const name = nameOf(recommendation);
  const headingId = `recommendation-${recommendation.id}`;

  async function contest(event: React.FormEvent) {
    event.preventDefault();
    if (words.trim().length === 0) {
      setProblem('Tell us in a few words why this does not fit you');
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
        <strong>Why you see this: </strong>
        {recommendation.reason}
      </p>
      {recommendation.attributions.length > 0 && (
        <details>
          <summary>What this is based on</summary>
          <ul className="attributions">
            {recommendation.attributions.map((attribution) => (
              <li key={attribution.feature}>
                {featureLabel(attribution.feature)}
                {attribution.contribution >= 0 ? ' (made it more likely)' : ' (made it less likely)'}
              </li>
            ))}
          </ul>
        </details>
      )}
      {recommendation.disclosures.length > 0 && (
        <p className="sub disclosures">
          You will receive{' '}
          {recommendation.disclosures
            .map((item) => `${item.document} (${disclosureWhen(item.when)})`)
            .join(', ')}
          .
        </p>
      )}
      <div className="actions">
        {can('DISMISS') && (
          <button type="button" className="button secondary" onClick={() => void props.onDismiss()}>
            Not for me
          </button>
        )}
        {can('CONTEST') && !contesting && (
          <button type="button" className="button secondary" onClick={() => setContesting(true)}>
            Contest
          </button>
        )}
        {can('REQUEST_HUMAN_REVIEW') && (
          <button type="button" className="button secondary" onClick={() => void props.onRequestReview()}>
            Ask a person to review
          </button>
        )}
      </div>
      {contesting && (
        <form className="contest" onSubmit={(event) => void contest(event)}>
          <label htmlFor={`${headingId}-words`}>Why does this not fit you?</label>
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
              Send to the bank
            </button>
            <button type="button" className="button secondary" onClick={() => setContesting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
