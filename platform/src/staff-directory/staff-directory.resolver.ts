import { Args, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { StaffMemberView } from './staff-directory.graphql';
import { maxStaffSubjects, StaffDirectoryService } from './staff-directory.service';

/** The bank's staff directory: names for the staff subjects a portal screen shows (README "Staff directory"). */
@Resolver()
export class StaffDirectoryResolver {
  constructor(private readonly directory: StaffDirectoryService) {}

  @Query(() => [StaffMemberView], {
    description: `The bank's staff members among \`subjects\` (1 to ${maxStaffSubjects} subjects); subjects the directory does not know are left out (bank staff). Not audited: colleagues' work names, no customer's data.`,
  })
  async staffMembers(
    @Args('subjects', { type: () => [String] }) subjects: string[],
  ): Promise<StaffMemberView[]> {
    authorize('read', 'StaffMember', "read the bank's staff directory");
    return (await this.directory.find(subjects)).map(StaffMemberView.of);
  }
}
