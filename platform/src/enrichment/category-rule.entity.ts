import { Entity, JsonType, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';
import type { CategoryRuleConditions } from './rules';

/**
 * A bank's own categorisation rule (migration `Enrichment`, table `category_rule`), written by its staff
 * through GraphQL; tried before the MCC and the platform's rules (`categorise.ts`). `conditions` is the
 * JSON form of `CategoryRuleConditions`, validated by `ruleProblems` before it is stored.
 */
@Entity({ tableName: 'category_rule' })
@TenantOwned()
export class CategoryRuleEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'integer' })
  priority!: number;

  @Property({ type: 'text' })
  category!: string;

  @Property({ type: JsonType })
  conditions!: CategoryRuleConditions;

  @Property({ type: 'boolean' })
  enabled: boolean & Opt = true;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}
