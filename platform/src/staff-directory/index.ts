export { StaffDirectoryGraphqlModule, StaffDirectoryModule } from './staff-directory.module';
export {
  maxStaffSubjects,
  StaffDirectoryService,
  staffSeenRefreshMs,
  type StaffMemberRecord,
} from './staff-directory.service';
export { StaffDirectoryRetention } from './staff-directory-retention';
