// What the budgets, savings-goals, alerts and rules panels share: a list with "New", "Edit" and "Delete" (confirmed),
// each item's buttons in one row, an editor shown in place, a status line read out after each change, and one form
// pattern (`CheckedForm`: fields described as data, the form's own check, then the API's INVALID answer) whose
// problems sit beside their fields until the field's value changes.
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { type FieldProblems, problemsFromApi, withoutProblem } from './dashboard-format.ts';
import { ListPanel } from './Panel.tsx';
import { failureOf, type Load, useLoad } from './use-load.ts';

/** A labelled input with its problem beside it (announced with the field: aria-describedby). */
export function Field(props: {
  id: string;
  label: string;
  problem: string | undefined;
  /** A checkbox comes before its label, on one line. */
  checkbox?: boolean;
  children: (attributes: { 'aria-invalid'?: true; 'aria-describedby'?: string; id: string }) => ReactNode;
}) {
  const problemId = `${props.id}-problem`;
  const label = <label htmlFor={props.id}>{props.label}</label>;
  const input = props.children({
    id: props.id,
    ...(props.problem ? { 'aria-invalid': true as const, 'aria-describedby': problemId } : {}),
  });
  return (
    <div className={props.checkbox ? 'field checkbox' : 'field'}>
      {props.checkbox ? (
        <span className="inline">
          {input}
          {label}
        </span>
      ) : (
        <>
          {label}
          {input}
        </>
      )}
      {props.problem && (
        <span className="problem" id={problemId}>
          {props.problem}
        </span>
      )}
    </div>
  );
}

/** What saving a form came to: null when saved, else the problems per field and any other one. */
export type SaveResult<F extends string> = { fields: FieldProblems<F>; other: string | null } | null;

/** A form's frame: submit (busy while saving), cancel, the problems no field claims. */
export function ToolForm<F extends string>(props: {
  label: string;
  testId: string;
  submitLabel: string;
  onSubmit: () => Promise<SaveResult<F>>;
  onCancel: () => void;
  /** `clear(field)`: the field's value changed, so its problem no longer describes it (until the next submit). */
  children: (problems: FieldProblems<F>, clear: (field: F) => void) => ReactNode;
}) {
  const { t } = useI18n();
  const [result, setResult] = useState<SaveResult<F>>(null);
  const [saving, setSaving] = useState(false);
  // A form opens where it was asked for: the keyboard (and a screen reader) goes to its first field.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current
      ?.querySelector<HTMLElement>('input:not(:disabled), select:not(:disabled), textarea')
      ?.focus();
  }, []);
  const clear = (field: F) =>
    setResult((current) => {
      if (!current) return current;
      const fields = withoutProblem(current.fields, field);
      return fields === current.fields ? current : { ...current, fields };
    });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setResult(await props.onSubmit());
    setSaving(false);
  }

  return (
    <form
      ref={formRef}
      className="tool-form"
      aria-label={props.label}
      data-testid={props.testId}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      {props.children(result?.fields ?? {}, clear)}
      {result?.other && (
        <p className="problem" role="alert">
          {result.other}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? t('tools.saving') : props.submitLabel}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('tools.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A ticked checkbox's value in a `CheckedForm` (the form's values are all strings; unticked is ''). */
export const CHECKED = 'yes';

/** One field of a `CheckedForm`: a text input unless `options` makes it a select (or `type` a checkbox). */
export interface FieldSpec<F extends string> {
  name: F;
  label: string;
  /** `decimal`: money typed in major units; `whole`: a count (hours); `checkbox`: ticked is `CHECKED`, else ''. */
  type?: 'text' | 'decimal' | 'whole' | 'date' | 'checkbox';
  /** A select's choices; `placeholder` is its empty first option. */
  options?: readonly { value: string; label: string }[];
  placeholder?: string;
  disabled?: boolean;
  maxLength?: number;
  size?: number;
}

/** What a form's own check gives: the input to send, or the problems to show (then nothing is sent). */
export interface Checked<F extends string, I> {
  input: I | null;
  problems: FieldProblems<F>;
}

/**
 * The one form pattern of the customer's tools: `fields` (which may depend on what is typed so far, e.g. an
 * alert's kind) rendered as labelled inputs with their problems beside them; on submit `check` runs first and
 * nothing is sent while a problem remains; then `send`, whose INVALID answer is mapped back to the same fields
 * through `apiFields`; on success `onSaved` gets the sentence `send` returned.
 */
export function CheckedForm<F extends string, I>(props: {
  idPrefix: string;
  label: string;
  testId: string;
  submitLabel: string;
  initial: Record<F, string>;
  fields: (form: Record<F, string>) => FieldSpec<F>[];
  check: (form: Record<F, string>) => Checked<F, I>;
  send: (input: I) => Promise<string>;
  apiFields: Readonly<Record<string, F>>;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<Record<F, string>>(props.initial);

  async function save(): Promise<SaveResult<F>> {
    const checked = props.check(form);
    if (!checked.input) return { fields: checked.problems, other: null };
    let message: string;
    try {
      message = await props.send(checked.input);
    } catch (error) {
      return problemsFromApi(error, props.apiFields);
    }
    props.onSaved(message);
    return null;
  }

  return (
    <ToolForm<F>
      label={props.label}
      testId={props.testId}
      submitLabel={props.submitLabel}
      onSubmit={save}
      onCancel={props.onCancel}
    >
      {(problems, clear) => {
        // A changed value takes its problem away at once (the next submit checks it again).
        const set = (name: F, value: string) => {
          setForm((current) => ({ ...current, [name]: value }));
          clear(name);
        };
        return props.fields(form).map((spec) => (
          <Field
            key={spec.name}
            id={`${props.idPrefix}-${spec.name}`}
            label={spec.label}
            problem={problems[spec.name]}
            checkbox={spec.type === 'checkbox'}
          >
            {(attributes) =>
              spec.options ? (
                <select
                  {...attributes}
                  value={form[spec.name]}
                  onChange={(event) => set(spec.name, event.target.value)}
                  disabled={spec.disabled}
                >
                  {spec.placeholder !== undefined && <option value="">{spec.placeholder}</option>}
                  {spec.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : spec.type === 'checkbox' ? (
                <input
                  {...attributes}
                  type="checkbox"
                  checked={form[spec.name] === CHECKED}
                  disabled={spec.disabled}
                  onChange={(event) => set(spec.name, event.target.checked ? CHECKED : '')}
                />
              ) : (
                <input
                  {...attributes}
                  type={spec.type === 'date' ? 'date' : 'text'}
                  inputMode={
                    spec.type === 'decimal' ? 'decimal' : spec.type === 'whole' ? 'numeric' : undefined
                  }
                  value={form[spec.name]}
                  maxLength={spec.maxLength}
                  size={spec.size}
                  disabled={spec.disabled}
                  onChange={(event) => set(spec.name, event.target.value)}
                />
              )
            }
          </Field>
        ));
      }}
    </ToolForm>
  );
}

/** The editor slot's arguments: what is edited (null: a new one), and how to close it after a save. */
export interface EditorSlot<T> {
  item: T | null;
  items: T[];
  close: () => void;
  saved: (message: string) => void;
}

/** What an item's own controls may do in its panel: load the list again, say what happened. */
export interface ItemTools {
  reload: () => void;
  announce: (message: string) => void;
}

/** A panel of the customer's own items (budgets, goals, alerts) with new / edit / delete. */
export function ToolPanel<T extends { id: string }>(props: {
  id: string;
  title: string;
  /** What an item is, in the buttons' names and the status line ("Delete the budget …"). */
  noun: 'budget' | 'goal' | 'alert' | 'rule';
  load: () => Promise<T[]>;
  loadKey: unknown[];
  remove: (item: T) => Promise<void>;
  nameOf: (item: T) => string;
  empty: string;
  editor: (slot: EditorSlot<T>) => ReactNode;
  /** Whether an item offers "Edit" (default: every one). */
  editable?: (item: T) => boolean;
  /** The item's own buttons, first in its one row of actions (before Edit and Delete). */
  itemActions?: (item: T, tools: ItemTools) => ReactNode;
  children: (item: T, tools: ItemTools) => ReactNode;
}) {
  const { t } = useI18n();
  const noun = t(`tools.noun.${props.noun}`);
  const [items, reload] = useLoad(props.load, props.loadKey);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // When a form closes, the focus goes back to the button that opened it (once the list shows it again).
  const opener = useRef<string | null>(null);
  const openerId = (item: T | 'new') => (item === 'new' ? `${props.id}-new` : `${props.id}-edit-${item.id}`);
  const open = (item: T | 'new') => {
    opener.current = openerId(item);
    setEditing(item);
  };
  // After a save the list loads again: the button to go back to is the one in the new list, not the old one.
  const beforeSave = useRef<Load<T[]> | null>(null);
  useEffect(() => {
    if (editing !== null || !opener.current || items === beforeSave.current || items.kind !== 'ready') return;
    const button = document.getElementById(opener.current);
    if (!button) return;
    button.focus();
    opener.current = null;
  }, [editing, items]);
  const editor = (item: T | null, list: T[]) =>
    props.editor({
      item,
      items: list,
      close: () => setEditing(null),
      saved: (message) => {
        setStatus(message);
        beforeSave.current = items;
        setEditing(null);
        reload();
      },
    });

  function remove(item: T) {
    const name = props.nameOf(item);
    if (!window.confirm(t('tools.deleteConfirm', { noun, name }))) return;
    props.remove(item).then(
      () => {
        setStatus(t('tools.deleted', { noun, name }));
        reload();
      },
      (error: unknown) =>
        setStatus(t('tools.deleteFailed', { noun, name, message: failureOf(error).message })),
    );
  }

  return (
    <ListPanel<T>
      id={props.id}
      title={props.title}
      state={items}
      onRetry={reload}
      status={status}
      empty={props.empty}
      actions={
        editing === null && (
          <button id={openerId('new')} type="button" className="button secondary" onClick={() => open('new')}>
            {t(`tools.new.${props.noun}`)}
          </button>
        )
      }
      // A new item's form opens above the list; an item's own form opens under it, in place of its buttons.
      before={(list) => editing === 'new' && <div key="new">{editor(null, list)}</div>}
      item={(item, list) => (
        <li key={item.id} className="tool">
          {props.children(item, { reload, announce: setStatus })}
          {editing !== null && editing !== 'new' && editing.id === item.id ? (
            editor(item, list)
          ) : (
            <>
              {/* One row (wrapping when narrow), in the same order as before: the item's own, Edit, Delete. */}
              <div
                className="actions"
                role="group"
                aria-label={t('tools.actionsFor', { noun, name: props.nameOf(item) })}
              >
                {props.itemActions?.(item, { reload, announce: setStatus })}
                {(props.editable?.(item) ?? true) && (
                  <button
                    id={openerId(item)}
                    type="button"
                    className="button secondary"
                    aria-label={t('tools.editThe', { noun, name: props.nameOf(item) })}
                    onClick={() => open(item)}
                  >
                    {t('tools.edit')}
                  </button>
                )}
                <button
                  type="button"
                  className="button secondary"
                  aria-label={t('tools.deleteThe', { noun, name: props.nameOf(item) })}
                  onClick={() => remove(item)}
                >
                  {t('tools.delete')}
                </button>
              </div>
            </>
          )}
        </li>
      )}
    />
  );
}

/** A progress bar with its figures as the accessible value. */
export function Progress(props: { label: string; percent: number; text: string; className?: string }) {
  return (
    <div
      className={`progress ${props.className ?? ''}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.percent}
      aria-valuetext={props.text}
    >
      <span style={{ width: `${props.percent}%` }} />
    </div>
  );
}
