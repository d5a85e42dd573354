import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { TenancyModule } from '../tenancy';
import { Customer } from './customer.entity';
import { CustomersResolver } from './customers.resolver';
import { CustomersService } from './customers.service';

@Module({
  imports: [MikroOrmModule.forFeature([Customer]), TenancyModule, AuditModule, CryptoModule],
  providers: [CustomersService],
  exports: [CustomersService],
})
export class CustomersModule {}

@Module({
  imports: [CustomersModule],
  providers: [CustomersResolver],
})
export class CustomersGraphqlModule {}
