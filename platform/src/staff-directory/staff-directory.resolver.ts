import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
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

  @Query(() => [StaffMemberView], {
    description:
      "Everyone the bank's staff directory knows (staff who called the API and were not removed since), by display name: the portal's Staff screen. Bank administrators; audited (`staff-directory.list`, how many).",
  })
  async staffDirectory(): Promise<StaffMemberView[]> {
    authorize('manage', 'StaffMember', "list the bank's staff directory");
    return (await this.directory.list()).map(StaffMemberView.of);
  }

  @Mutation(() => String, {
    description:
      "Removes a staff member from the bank's directory now; returns their subject (the portal shows it shortened from then on). Bank administrators, step-up; audited without the name. Another bank's or an unknown subject is NOT_FOUND. Their next request records them again: removing the login is Keycloak's job.",
  })
  async forgetStaffMember(
    @Args('subject', { type: () => String, description: 'The Keycloak subject (user id) to forget.' })
    subject: string,
  ): Promise<string> {
    authorize('delete', 'StaffMember', 'forget a staff member');
    requireStepUp('forget a staff member');
    await this.directory.forget(subject);
    return subject;
  }
}
