export { DataSubjectRightsApiModule, DataSubjectRightsModule } from './data-subject-rights.module';
export { DataSubjectRightsService, fieldAddress, maxRequestPageSize } from './data-subject-rights.service';
export type { CreatedRequest, DataSubjectRequestPage } from './data-subject-rights.service';
export {
  DataSubjectRequest,
  dataSubjectRequestKinds,
  dataSubjectRequestStatuses,
} from './data-subject-request.entity';
export type {
  DataSubjectRequestKind,
  DataSubjectRequestStatus,
  ProgressStep,
} from './data-subject-request.entity';
export {
  ERASURE_WORKFLOW,
  EXPORT_WORKFLOW,
  erasureWorkflowId,
  exportDownloadDays,
  exportWorkflowId,
  suppressionMarker,
} from './contract';
export type {
  DataSubjectRequestInput,
  ErasureCertificate,
  ErasureEndings,
  ExportArchiveReport,
  SuppressionMarker,
} from './contract';
export {
  EXPORT_SCHEMA_VERSION,
  exportArchive,
  exportSchema,
  exportSchemaPath,
  exportSchemaProblems,
  toCsv,
} from './export-archive';
export type { PersonalDataExport } from './export-archive';
export { exportCategories, notPersonalDataTables, personalDataRegistry } from './personal-data-registry';
export type { ErasureRule, ExportCategory, PersonalDataTable, Retention } from './personal-data-registry';
