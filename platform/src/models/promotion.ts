/**
 * The promotion rule (issue 6, champion/challenger): a challenger is promoted only when it beats the current
 * champion and every baseline on the validation window. Primary metric AUC; within `promotionMargin` of AUC
 * the two count as tied and MAP@k decides. The reason names the metric and the numbers, for the registry,
 * the audit log and the bank's staff.
 */
import type { ModelMetrics } from './metrics';

/** AUC a challenger must gain over each opponent to beat it outright; closer than this is a tie. */
export const promotionMargin = 0.005;

export interface PromotionInput {
  readonly challenger: ModelMetrics;
  /** The current champion's metrics on the same validation window; absent when the bank has none yet. */
  readonly champion?: ModelMetrics | null;
  /** Baselines by name (`popularity`, `logistic regression`), measured on the same validation window. */
  readonly baselines: Readonly<Record<string, ModelMetrics>>;
}

export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
}

const figure = (value: number) => value.toFixed(3);

/** Whether the challenger beats one opponent, and how that reads. */
function compare(
  challenger: ModelMetrics,
  name: string,
  opponent: ModelMetrics,
): { beats: boolean; says: string } {
  const auc = challenger.auc!;
  if (opponent.auc === null) {
    return { beats: true, says: `${name} has no AUC on this window` };
  }
  const gain = auc - opponent.auc;
  if (gain > promotionMargin) {
    return { beats: true, says: `AUC ${figure(auc)} beats ${name}'s ${figure(opponent.auc)}` };
  }
  if (gain < -promotionMargin) {
    return {
      beats: false,
      says: `AUC ${figure(auc)} is below ${name}'s ${figure(opponent.auc)} (it needs more than ${figure(opponent.auc + promotionMargin)})`,
    };
  }
  const beats = challenger.mapAtK > opponent.mapAtK;
  return {
    beats,
    says: `AUC ${figure(auc)} ties ${name}'s ${figure(opponent.auc)} (within ${promotionMargin}) and MAP@${challenger.k} ${figure(challenger.mapAtK)} ${beats ? 'beats' : 'does not beat'} its ${figure(opponent.mapAtK)}`,
  };
}

/** Promote only when the challenger beats the champion (if any) and every baseline; the reason says why. */
export function decidePromotion({ challenger, champion, baselines }: PromotionInput): PromotionDecision {
  if (challenger.auc === null) {
    return {
      promote: false,
      reason: `Not promoted: the validation window has no ${challenger.positives === 0 ? 'positive' : 'negative'} outcome to measure AUC on (${challenger.examples} candidates, ${challenger.positives} taken)`,
    };
  }
  const opponents: [string, ModelMetrics][] = [
    ...(champion ? ([['the champion', champion]] as [string, ModelMetrics][]) : []),
    ...Object.entries(baselines),
  ];
  const comparisons = opponents.map(([name, metrics]) => compare(challenger, name, metrics));
  const lost = comparisons.filter((comparison) => !comparison.beats);
  if (lost.length) {
    return {
      promote: false,
      reason: `Not promoted: ${lost.map((comparison) => comparison.says).join('; ')}`,
    };
  }
  return {
    promote: true,
    reason: `Promoted: ${comparisons.map((comparison) => comparison.says).join('; ')}${champion ? '' : ' (no champion yet)'}`,
  };
}
