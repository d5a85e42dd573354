import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { EntityManagerScope } from '../database';
import { StaffDirectoryRetention } from './staff-directory-retention';
import { StaffDirectoryResolver } from './staff-directory.resolver';
import { StaffDirectoryService } from './staff-directory.service';

/** The staff directory's service (reads, the sightings the API records, forgetting a staff member). */
@Module({
  imports: [CryptoModule, AuditModule],
  providers: [StaffDirectoryService],
  exports: [StaffDirectoryService],
})
export class StaffDirectoryModule {}

/**
 * The staff directory in the API: `staffMembers` and `forgetStaffMember`, every finished request of a bank's
 * staff member recorded as a sighting (after the request's own transaction has ended; see
 * `StaffDirectoryService`), and the pruning of staff not seen within the retention
 * (`StaffDirectoryRetention`). Only the API records: workers and CLI commands act for no signed-in staff member.
 */
@Module({
  imports: [StaffDirectoryModule, AuditModule],
  providers: [StaffDirectoryResolver, StaffDirectoryRetention],
  exports: [StaffDirectoryRetention],
})
export class StaffDirectoryGraphqlModule implements OnModuleInit {
  constructor(
    private readonly directory: StaffDirectoryService,
    @Inject(EntityManagerScope) private readonly scope: EntityManagerScope,
  ) {}

  onModuleInit(): void {
    this.scope.onFinished((context) => this.directory.recordSeen(context));
  }
}
