// Importing a statement file: the form's choices, reading the file, the `importStatement` call, and
// turning the API's INVALID answer into one line per problem the customer can act on.
import { english, type MessageKey, type Translate } from '../i18n/i18n.ts';
import { ApiError, type ApiClient } from '../api/client.ts';

export type StatementFormat = 'CSV' | 'OFX' | 'CAMT053';

export const statementFormats: { value: StatementFormat; label: string; accept: string }[] = [
  { value: 'CAMT053', label: 'ISO 20022 camt.053 (XML)', accept: '.xml' },
  { value: 'OFX', label: 'OFX / QFX', accept: '.ofx,.qfx' },
  { value: 'CSV', label: 'CSV', accept: '.csv,.txt,.asc' },
];

/** The CSV presets the platform knows (`csvMappingPresets` of the statement connector). */
export const csvPresets: { value: string; label: string }[] = [
  { value: 'pkdd99', label: "PKDD'99 Czech bank (trans.asc)" },
];

/** The platform's limit on a file (decoded), checked here first so a too large file is not sent at all. */
export const maxStatementBytes = 5 * 1024 * 1024;

export interface ImportForm {
  format: StatementFormat;
  /** CSV: `preset` uses `preset`, `custom` sends `mappingJson`. */
  csvMapping: 'preset' | 'custom';
  preset: string;
  mappingJson: string;
}

export const emptyImportForm: ImportForm = {
  format: 'CAMT053',
  csvMapping: 'preset',
  preset: csvPresets[0]!.value,
  mappingJson: '',
};

export interface ImportSummary {
  alreadyImported: boolean;
  accounts: number;
  transactions: number;
  firstBookingDate: string | null;
  lastBookingDate: string | null;
}

/** What the form checks before sending: a file, its size, and a mapping for CSV. Empty when fine. */
export function formProblems(
  form: ImportForm,
  file: { name: string; size: number } | null,
  t: Translate = english,
): string[] {
  const problems: string[] = [];
  if (!file) problems.push(t('import.noFile'));
  else if (file.size === 0) problems.push(t('import.emptyFile'));
  else if (file.size > maxStatementBytes) problems.push(t('import.tooLarge'));
  if (form.format === 'CSV' && form.csvMapping === 'custom' && form.mappingJson.trim() === '') {
    problems.push(t('import.noMapping'));
  }
  return problems;
}

/** Standard base64 of the file's bytes (what `ImportStatementInput.content` takes). */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  }
  return btoa(binary);
}

export async function importStatement(
  api: ApiClient,
  token: string,
  input: { consentId: string; form: ImportForm; fileName: string; bytes: Uint8Array },
): Promise<ImportSummary> {
  const { form } = input;
  const mapping =
    form.format !== 'CSV' ? undefined : form.csvMapping === 'preset' ? form.preset : form.mappingJson;
  const data = await api.graphql<{
    importStatement: {
      alreadyImported: boolean;
      summary: Omit<ImportSummary, 'alreadyImported'>;
    };
  }>(
    `mutation ImportStatement($input: ImportStatementInput!) {
      importStatement(input: $input) {
        alreadyImported
        connection { id status }
        summary { accounts transactions firstBookingDate lastBookingDate }
      }
    }`,
    {
      input: {
        consentId: input.consentId,
        format: form.format,
        content: base64Of(input.bytes),
        fileName: input.fileName,
        ...(mapping === undefined ? {} : { mapping }),
      },
    },
    token,
  );
  return { alreadyImported: data.importStatement.alreadyImported, ...data.importStatement.summary };
}

/** The input fields the API may name, by the message of their plain-language name. */
const fieldNames = {
  'input.content': 'import.field.content',
  'input.fileName': 'import.field.fileName',
  'input.format': 'import.field.format',
  'input.mapping': 'import.field.mapping',
  'input.consentId': 'import.field.consentId',
  'input.accounts': 'import.field.accounts',
} as const satisfies Record<string, MessageKey>;

/**
 * One line per problem of a refused import: the file's own problems by line and field ("Line 14, amount:
 * …"), the count of those not listed, and the other fields' problems; the message alone for other errors.
 * The words around the API's problems are the app's (`t`); the problems are the API's, in the language the
 * app asked for (`Accept-Language`) — except the file's own lines, which the statement connector writes in
 * English.
 */
export function importProblemLines(error: unknown, t: Translate = english): string[] {
  if (!(error instanceof ApiError)) return [(error as Error)?.message ?? String(error)];
  if (error.code !== 'INVALID' || !error.invalid) return [error.message];
  const { fields, fileProblems, moreFileProblems } = error.invalid;
  const lines = fileProblems.map((problem) => {
    const where = [
      problem.line === undefined ? undefined : t('import.line', { line: problem.line }),
      problem.field,
    ]
      .filter(Boolean)
      .join(', ');
    return where ? `${where}: ${problem.message}` : problem.message;
  });
  if (moreFileProblems > 0) lines.push(t('import.moreProblems', { count: moreFileProblems }));
  for (const field of fields) {
    // The file's summary line is redundant next to its listed problems.
    if (field.field === 'input.content' && fileProblems.length > 0) continue;
    const known = Object.hasOwn(fieldNames, field.field)
      ? t(fieldNames[field.field as keyof typeof fieldNames])
      : undefined;
    const name =
      known ??
      (field.field.startsWith('input.mapping')
        ? t('import.field.mappingPart', { part: field.field.slice(6) })
        : field.field);
    lines.push(t('import.fieldProblem', { name, problem: field.problem }));
  }
  return lines.length > 0 ? lines : [error.message];
}
