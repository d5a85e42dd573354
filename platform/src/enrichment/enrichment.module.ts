import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { CategorisationService } from './categorisation.service';
import { CategoryRuleEntity } from './category-rule.entity';
import { CategoryRulesService } from './category-rules.service';
import { EnrichmentResolver } from './enrichment.resolver';

/** Categorisation for ingestion (API and worker) and for the customer's and staff's operations. */
@Module({
  imports: [MikroOrmModule.forFeature([CategoryRuleEntity]), AuditModule, CryptoModule],
  providers: [CategorisationService, CategoryRulesService],
  exports: [CategorisationService, CategoryRulesService],
})
export class EnrichmentModule {}

/** The GraphQL side (API only). */
@Module({
  imports: [EnrichmentModule],
  providers: [EnrichmentResolver],
})
export class EnrichmentGraphqlModule {}
