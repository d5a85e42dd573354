import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CryptoModule } from '../crypto';
import { EntityManagerScope } from '../database';
import { StaffDirectoryResolver } from './staff-directory.resolver';
import { StaffDirectoryService } from './staff-directory.service';

/** The staff directory's service (reads and the sightings the API records). */
@Module({
  imports: [CryptoModule],
  providers: [StaffDirectoryService],
  exports: [StaffDirectoryService],
})
export class StaffDirectoryModule {}

/**
 * The staff directory in the API: `staffMembers`, and every finished request of a bank's staff member
 * recorded as a sighting (after the request's own transaction has ended; see `StaffDirectoryService`).
 * Only the API records: workers and CLI commands act for no signed-in staff member.
 */
@Module({
  imports: [StaffDirectoryModule],
  providers: [StaffDirectoryResolver],
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
