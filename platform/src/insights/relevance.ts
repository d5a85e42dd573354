/**
 * Relevance of an insight for a bank, learned from how its customers engaged with insights of the same
 * kind, blended with the generator's own hint (issue 6, items 5 and 7).
 *
 * The engagement rate of a kind is estimated as the mean of a Beta posterior whose prior is centred on the
 * generator's hint `h` with the weight of `priorStrength` (k) responses:
 *
 *     score = (k·h + positive) / (k + positive + negative)
 *
 * where `positive` = opened + acted + thumbs up, and `negative` = dismissed + thumbs down + `ignoredWeight` × the
 * insights shown without any response. With no engagement the score is the hint; as responses accumulate
 * the bank's customers' behaviour dominates (after 40 responses the hint weighs k/(k+40) = 20 %). Always in
 * [0, 1].
 */

/** How many responses the generator's hint is worth (the prior's strength). */
export const relevancePriorStrength = 10;

/** An insight shown and neither opened, rated nor dismissed counts as this fraction of a negative response. */
export const ignoredWeight = 0.2;

/** The engagement of one bank's customers with one kind of insight. */
export interface KindEngagement {
  /** Insights of the kind shown (delivered to the app and seen in the list). */
  shown: number;
  opened: number;
  /** The customer did what the insight suggested (`respondToInsight` ACTED). */
  acted: number;
  thumbsUp: number;
  dismissed: number;
  thumbsDown: number;
  /** Shown insights with at least one response (opened, acted, dismissed or rated). */
  responded: number;
}

export const noEngagement: KindEngagement = {
  shown: 0,
  opened: 0,
  acted: 0,
  thumbsUp: 0,
  dismissed: 0,
  thumbsDown: 0,
  responded: 0,
};

/** The learned relevance of a candidate with generator hint `hint` given its kind's `engagement`. */
export function learnedRelevance(hint: number, engagement: KindEngagement): number {
  if (!(hint >= 0 && hint <= 1)) throw new RangeError(`hint must be in [0, 1], got ${hint}`);
  const ignored = Math.max(0, engagement.shown - engagement.responded);
  const positive = engagement.opened + engagement.acted + engagement.thumbsUp;
  const negative = engagement.dismissed + engagement.thumbsDown + ignoredWeight * ignored;
  const score = (relevancePriorStrength * hint + positive) / (relevancePriorStrength + positive + negative);
  return Math.min(1, Math.max(0, score));
}

/** The bank's default notification threshold: notify only insights scoring at least this. */
export const defaultNotifyThreshold = 0.6;

/** Whether an insight scoring `score` is pushed to the customer (else it is only in the app). */
export function shouldNotify(score: number, threshold: number = defaultNotifyThreshold): boolean {
  return score >= threshold;
}
