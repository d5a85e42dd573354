/**
 * @finpersona/connector-statements — statement files (CSV with a column mapping, OFX, ISO 20022
 * camt.053) parsed whole into the SDK's `StatementParseResult`, the PKDD'99 preset and readers, and a
 * `DataConnector` over uploads the platform stores.
 */
export { parseCsvStatement, type CsvParseOptions } from './csv/parse';
export {
  validateCsvMapping,
  type AmountMapping,
  type ColumnRef,
  type ColumnSource,
  type CsvMapping,
  type MappingValidation,
  type ValueSource,
} from './csv/mapping';
export { readCsvRecords, type CsvRecord } from './csv/records';
export { textEncodings, type TextEncoding } from './decode';
export { parseCamt053, type CamtParseOptions } from './camt/parse';
export {
  camtNamespace,
  camtSchemaSource,
  camtVersions,
  fetchCamtSchemas,
  loadCamtSchemas,
  type CamtSchemas,
  type CamtVersion,
} from './camt/schemas';
export { pkdd99TransactionsMapping } from './pkdd99/preset';
export {
  decodeBirthNumber,
  pkdd99Directory,
  Pkdd99DataError,
  readPkdd99Accounts,
  readPkdd99Cards,
  readPkdd99Clients,
  readPkdd99Customers,
  readPkdd99Dispositions,
  readPkdd99Loans,
  readPkdd99Orders,
  splitPkdd99Transactions,
  type Pkdd99Account,
  type Pkdd99Card,
  type Pkdd99Client,
  type Pkdd99Customer,
  type Pkdd99Disposition,
  type Pkdd99Loan,
  type Pkdd99Order,
} from './pkdd99/relations';
export { parseOfx, parseOfxDate, type OfxParseOptions } from './ofx/parse';
export {
  createStatementConnector,
  csvMappingPresets,
  parseStatementFile,
  statementConnectorId,
  StatementFileRejected,
  statementFormats,
  uploadFromGrant,
  type StatementConnectorOptions,
  type StatementFormat,
  type StatementUpload,
} from './connector';
