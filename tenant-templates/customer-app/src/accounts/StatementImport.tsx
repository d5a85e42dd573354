// "Import a statement" on the Accounts page: a file, its format (and for CSV a preset or a mapping),
// and the outcome — every problem of a refused file by line and field, or what the file held.
import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import {
  csvPresets,
  emptyImportForm,
  formProblems,
  type ImportForm,
  type ImportSummary,
  importProblemLines,
  importStatement,
  statementFormats,
} from './statement-import.ts';

export type ImportState =
  | { kind: 'idle' }
  | { kind: 'importing' }
  | { kind: 'needs-consent' }
  | { kind: 'refused'; problems: string[] }
  | { kind: 'imported'; summary: ImportSummary };

/** The form and its outcome, without effects (rendered as is by the unit tests). */
export function StatementImportView(props: {
  form: ImportForm;
  state: ImportState;
  onChange: (form: ImportForm) => void;
  onFile: (file: File | null) => void;
  onSubmit: () => void;
}) {
  const { form, state } = props;
  const { t } = useI18n();
  const set = (patch: Partial<ImportForm>) => props.onChange({ ...form, ...patch });
  const accept = statementFormats.find((format) => format.value === form.format)?.accept;
  return (
    <section className="card statement-import" aria-labelledby="statement-import-heading">
      <h3 id="statement-import-heading">{t('import.title')}</h3>
      <p className="sub">{t('import.body')}</p>
      <form
        aria-label={t('import.title')}
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        <label>
          {t('import.file')}
          <input
            type="file"
            name="statement"
            accept={accept}
            onChange={(event) => props.onFile(event.target.files?.[0] ?? null)}
          />
        </label>
        <label>
          {t('import.format')}
          <select
            name="format"
            value={form.format}
            onChange={(event) => set({ format: event.target.value as ImportForm['format'] })}
          >
            {statementFormats.map((format) => (
              <option key={format.value} value={format.value}>
                {format.label}
              </option>
            ))}
          </select>
        </label>
        {form.format === 'CSV' && (
          <fieldset>
            <legend>{t('import.csvColumns')}</legend>
            <label>
              <input
                type="radio"
                name="csvMapping"
                value="preset"
                checked={form.csvMapping === 'preset'}
                onChange={() => set({ csvMapping: 'preset' })}
              />
              {t('import.preset')}
            </label>
            {form.csvMapping === 'preset' && (
              <select
                name="preset"
                value={form.preset}
                onChange={(event) => set({ preset: event.target.value })}
              >
                {csvPresets.map((preset) => (
                  <option key={preset.value} value={preset.value}>
                    {preset.label}
                  </option>
                ))}
              </select>
            )}
            <label>
              <input
                type="radio"
                name="csvMapping"
                value="custom"
                checked={form.csvMapping === 'custom'}
                onChange={() => set({ csvMapping: 'custom' })}
              />
              {t('import.custom')}
            </label>
            {form.csvMapping === 'custom' && (
              <textarea
                name="mappingJson"
                rows={6}
                value={form.mappingJson}
                placeholder='{"delimiter": ",", "quote": "\"", "header": true, ...}'
                onChange={(event) => set({ mappingJson: event.target.value })}
              />
            )}
          </fieldset>
        )}
        <button type="submit" className="button primary" disabled={state.kind === 'importing'}>
          {state.kind === 'importing' ? t('import.importing') : t('import.submit')}
        </button>
      </form>
      {state.kind === 'needs-consent' && (
        <p className="detail" role="status">
          {t('import.needsConsent')}
        </p>
      )}
      {state.kind === 'refused' && (
        <div className="notice" role="alert" data-testid="import-problems">
          <p>{t('import.refused')}</p>
          <ul className="problems">
            {state.problems.map((problem, index) => (
              <li key={index}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {state.kind === 'imported' && (
        <p className="detail" role="status" data-testid="import-done">
          {state.summary.alreadyImported
            ? t('import.already')
            : t('import.done', {
                transactions: t('import.transactions', { count: state.summary.transactions }),
                accounts: t('import.accounts', { count: state.summary.accounts }),
                period: state.summary.firstBookingDate
                  ? t('import.period', {
                      from: state.summary.firstBookingDate,
                      to: state.summary.lastBookingDate ?? state.summary.firstBookingDate,
                    })
                  : '',
              })}
        </p>
      )}
    </section>
  );
}

/** The form with its effects: checks, reads the file, calls the API, shows the outcome. */
export function StatementImport(props: {
  api: ApiClient;
  token: string;
  consentId: string | undefined;
  /** Called after a file was imported (to reload the accounts once the sync has stored them). */
  onImported?: () => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState<ImportForm>(emptyImportForm);
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<ImportState>({ kind: 'idle' });

  async function submit() {
    if (!props.consentId) {
      setState({ kind: 'needs-consent' });
      return;
    }
    const problems = formProblems(form, file, t);
    if (problems.length > 0 || !file) {
      setState({ kind: 'refused', problems });
      return;
    }
    setState({ kind: 'importing' });
    try {
      const summary = await importStatement(props.api, props.token, {
        consentId: props.consentId,
        form,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      setState({ kind: 'imported', summary });
      props.onImported?.();
    } catch (error) {
      setState({ kind: 'refused', problems: importProblemLines(error, t) });
    }
  }

  return (
    <StatementImportView
      form={form}
      state={state}
      onChange={setForm}
      onFile={setFile}
      onSubmit={() => void submit()}
    />
  );
}
