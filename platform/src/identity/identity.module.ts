import { type DynamicModule, Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy';
import { type Clock, IDENTITY_CLOCK, systemClock } from './clock';
import { TokenVerifier } from './token-verifier';

@Module({})
export class IdentityModule {
  /** `clock` replaces the system clock (tests move time forward to see real tokens expire). */
  static forRoot(options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: IdentityModule,
      imports: [TenancyModule],
      providers: [TokenVerifier, { provide: IDENTITY_CLOCK, useValue: options.clock ?? systemClock }],
      exports: [TokenVerifier],
    };
  }
}
