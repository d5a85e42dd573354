import { Field, ObjectType } from '@nestjs/graphql';
import type { StaffMemberRecord } from './staff-directory.service';

@ObjectType('StaffMember', {
  description:
    "A member of the bank's staff as their last access token named them (the staff directory): who a subject in the audit trail or a `…By` field is.",
})
export class StaffMemberView {
  @Field(() => String, { description: 'The Keycloak subject (user id) the audit trail records.' })
  subject!: string;
  @Field(() => String, { nullable: true, description: "The token's `name` (first and last name)." })
  displayName!: string | null;
  @Field(() => String, { nullable: true, description: "The token's `preferred_username`." })
  username!: string | null;
  @Field(() => [String], { description: 'Staff roles: `bank-admin`, `compliance-officer`.' })
  roles!: string[];
  @Field(() => Date, {
    description: 'When they last called the API (refreshed at most every 10 minutes).',
  })
  lastSeenAt!: Date;

  static of(record: StaffMemberRecord): StaffMemberView {
    return Object.assign(new StaffMemberView(), record);
  }
}
