import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { FeatureVector } from '@finpersona/plugin-sdk';

/**
 * Per-customer behaviour of the current tenant (ambient request context; row-level security applies).
 */
@Injectable()
export class BehaviourService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Features of each customer computed from their stored data booked before `asOf` (for time-split
   * datasets). Customers of another tenant or unknown are absent from the map.
   */
  async featuresAsOf(customerIds: readonly string[], asOf: Date): Promise<Map<string, FeatureVector>> {
    void this.em;
    void customerIds;
    void asOf;
    throw new Error('featuresAsOf: seam only, implementation follows');
  }

  /** The latest stored features of each customer (recomputed after each sync); absent when never computed. */
  async latestFeatures(customerIds: readonly string[]): Promise<Map<string, FeatureVector>> {
    void customerIds;
    throw new Error('latestFeatures: seam only, implementation follows');
  }
}
