import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124080000TenantsAndCustomers } from './Migration20261124080000TenantsAndCustomers';
import { Migration20261124090000TenantProvisioningStatus } from './Migration20261124090000TenantProvisioningStatus';
import { Migration20261124100000RowLevelSecurity } from './Migration20261124100000RowLevelSecurity';
import { Migration20261124110000AuditTrail } from './Migration20261124110000AuditTrail';
import { Migration20261125100000EncryptionAtRest } from './Migration20261125100000EncryptionAtRest';
import { Migration20261125110000TenantLifecycle } from './Migration20261125110000TenantLifecycle';
import { Migration20261126100000CustomerData } from './Migration20261126100000CustomerData';
import { Migration20261126120000IngestFingerprints } from './Migration20261126120000IngestFingerprints';
import { Migration20261126140000NotificationOnce } from './Migration20261126140000NotificationOnce';
import { Migration20261126150000DataSubjectRequests } from './Migration20261126150000DataSubjectRequests';
import { Migration20261126160000StatementUploads } from './Migration20261126160000StatementUploads';
import { Migration20261126170000PluginInstallations } from './Migration20261126170000PluginInstallations';
import { Migration20261126180000BankImport } from './Migration20261126180000BankImport';
import { Migration20261126190000Webhooks } from './Migration20261126190000Webhooks';
import { Migration20261126200000PluginReleases } from './Migration20261126200000PluginReleases';
import { Migration20261126210000Enrichment } from './Migration20261126210000Enrichment';
import { Migration20261126211000Behaviour } from './Migration20261126211000Behaviour';
import { Migration20261126212000ModelRegistry } from './Migration20261126212000ModelRegistry';
import { Migration20261126213000Recommendations } from './Migration20261126213000Recommendations';
import { Migration20261126214000Insights } from './Migration20261126214000Insights';
import { Migration20261126215000CustomerTools } from './Migration20261126215000CustomerTools';
import { Migration20261126220000CustomerRules } from './Migration20261126220000CustomerRules';
import { Migration20261126221000Surveys } from './Migration20261126221000Surveys';
import { Migration20261126222000InsightFeedback } from './Migration20261126222000InsightFeedback';
import { Migration20261126230000SurveyMinimumAudience } from './Migration20261126230000SurveyMinimumAudience';
import { Migration20261127100000StaffDirectory } from './Migration20261127100000StaffDirectory';
import { Migration20261127110000ErasureSuppression } from './Migration20261127110000ErasureSuppression';
import { Migration20261127120000AuditTrailFilters } from './Migration20261127120000AuditTrailFilters';
import { Migration20261127130000StaffRecordedRequests } from './Migration20261127130000StaffRecordedRequests';

/**
 * Every migration, oldest first. The platform's `migrateDatabase(ownerUrl)` runs this list as the
 * owner role; nothing is discovered from the file system, so a migration exists only once it is listed here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124080000TenantsAndCustomers', class: Migration20261124080000TenantsAndCustomers },
  {
    name: 'Migration20261124090000TenantProvisioningStatus',
    class: Migration20261124090000TenantProvisioningStatus,
  },
  { name: 'Migration20261124100000RowLevelSecurity', class: Migration20261124100000RowLevelSecurity },
  { name: 'Migration20261124110000AuditTrail', class: Migration20261124110000AuditTrail },
  { name: 'Migration20261125100000EncryptionAtRest', class: Migration20261125100000EncryptionAtRest },
  { name: 'Migration20261125110000TenantLifecycle', class: Migration20261125110000TenantLifecycle },
  { name: 'Migration20261126100000CustomerData', class: Migration20261126100000CustomerData },
  { name: 'Migration20261126120000IngestFingerprints', class: Migration20261126120000IngestFingerprints },
  { name: 'Migration20261126140000NotificationOnce', class: Migration20261126140000NotificationOnce },
  {
    name: 'Migration20261126150000DataSubjectRequests',
    class: Migration20261126150000DataSubjectRequests,
  },
  { name: 'Migration20261126160000StatementUploads', class: Migration20261126160000StatementUploads },
  {
    name: 'Migration20261126170000PluginInstallations',
    class: Migration20261126170000PluginInstallations,
  },
  { name: 'Migration20261126180000BankImport', class: Migration20261126180000BankImport },
  { name: 'Migration20261126190000Webhooks', class: Migration20261126190000Webhooks },
  { name: 'Migration20261126200000PluginReleases', class: Migration20261126200000PluginReleases },
  { name: 'Migration20261126210000Enrichment', class: Migration20261126210000Enrichment },
  { name: 'Migration20261126211000Behaviour', class: Migration20261126211000Behaviour },
  { name: 'Migration20261126212000ModelRegistry', class: Migration20261126212000ModelRegistry },
  { name: 'Migration20261126213000Recommendations', class: Migration20261126213000Recommendations },
  { name: 'Migration20261126214000Insights', class: Migration20261126214000Insights },
  { name: 'Migration20261126215000CustomerTools', class: Migration20261126215000CustomerTools },
  { name: 'Migration20261126220000CustomerRules', class: Migration20261126220000CustomerRules },
  { name: 'Migration20261126221000Surveys', class: Migration20261126221000Surveys },
  { name: 'Migration20261126222000InsightFeedback', class: Migration20261126222000InsightFeedback },
  {
    name: 'Migration20261126230000SurveyMinimumAudience',
    class: Migration20261126230000SurveyMinimumAudience,
  },
  { name: 'Migration20261127100000StaffDirectory', class: Migration20261127100000StaffDirectory },
  { name: 'Migration20261127110000ErasureSuppression', class: Migration20261127110000ErasureSuppression },
  { name: 'Migration20261127120000AuditTrailFilters', class: Migration20261127120000AuditTrailFilters },
  {
    name: 'Migration20261127130000StaffRecordedRequests',
    class: Migration20261127130000StaffRecordedRequests,
  },
];

/** The role the API connects as (NOSUPERUSER, NOBYPASSRLS); created by the deploy tooling, never here. */
export const APP_ROLE = 'finpersona_app';
