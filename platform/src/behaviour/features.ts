import { featureVocabulary, type FeatureVector } from '@finpersona/plugin-sdk';
import type { BehaviourHistory } from './history';

/**
 * Every feature of the SDK's `featureVocabulary` for one customer as of `history.asOf` (families expanded
 * over the spending categories and product types), each a number or null when unknown.
 */
export function computeFeatures(history: BehaviourHistory): FeatureVector {
  void history;
  void featureVocabulary;
  throw new Error('computeFeatures: seam only, implementation follows');
}
