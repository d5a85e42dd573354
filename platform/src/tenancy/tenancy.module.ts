import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { TenancyResolver } from './tenancy.resolver';
import { TenancyService } from './tenancy.service';
import { TenantsResolver } from './tenants.resolver';
import { Tenant } from './tenant.entity';

/** Tenants as data: usable by the API and by the Temporal worker. */
@Module({
  imports: [MikroOrmModule.forFeature([Tenant]), AuditModule],
  providers: [TenancyService],
  exports: [TenancyService],
})
export class TenancyModule {}

/** The tenancy part of the GraphQL API. */
@Module({
  imports: [TenancyModule],
  providers: [TenancyResolver, TenantsResolver],
})
export class TenancyGraphqlModule {}
