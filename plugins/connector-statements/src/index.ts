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
