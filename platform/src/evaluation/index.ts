/**
 * The evaluation on real data (issue 6, acceptance 1): the PKDD'99 loader, the sections that measure the
 * platform's intelligence against baselines on it, and their printout. `cli.js evaluate-pkdd99` runs them.
 */
export {
  loadPkdd99Evaluation,
  pkdd99Attribution,
  withoutSourceCode,
  type EvaluationSection,
  type Pkdd99Evaluation,
  type Pkdd99EvaluationAccount,
} from './pkdd99-data';
export {
  buildPkdd99PropensityDataset,
  evaluatePropensity,
  pkdd99History,
  pkdd99Products,
  balancedDecisionDate,
  pkdd99CoveredPeriodSplit,
  pkdd99FeatureEnd,
  pkdd99InnerSplit,
  pkdd99LabelEnd,
  pkdd99LabelTimeSplit,
  propensitySplits,
  type PropensitySplitName,
  pkdd99RankingCutoff,
  type PropensityEvaluationOptions,
  type PropensityTimeSplit,
} from './propensity';
export { evaluateCategorisation, pkdd99CategoryOfKSymbol } from './categorisation';
export { evaluateRecurring } from './recurring';
export { formatSection } from './report';
