// What the budgets and savings-goals panels share: a list with "New", "Edit" and "Delete" (confirmed), an editor
// shown in place, a status line read out after each change, and forms whose problems sit beside their fields.
import { type ReactNode, useState } from 'react';
import type { FieldProblems } from './dashboard-format.ts';
import { Panel } from './Panel.tsx';
import { failureOf, useLoad } from './use-load.ts';

/** A labelled input with its problem beside it (announced with the field: aria-describedby). */
export function Field(props: {
  id: string;
  label: string;
  problem: string | undefined;
  children: (attributes: { 'aria-invalid'?: true; 'aria-describedby'?: string; id: string }) => ReactNode;
}) {
  const problemId = `${props.id}-problem`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({
        id: props.id,
        ...(props.problem ? { 'aria-invalid': true as const, 'aria-describedby': problemId } : {}),
      })}
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
  children: (problems: FieldProblems<F>) => ReactNode;
}) {
  const [result, setResult] = useState<SaveResult<F>>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setResult(await props.onSubmit());
    setSaving(false);
  }

  return (
    <form
      className="tool-form"
      aria-label={props.label}
      data-testid={props.testId}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      {props.children(result?.fields ?? {})}
      {result?.other && (
        <p className="problem" role="alert">
          {result.other}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : props.submitLabel}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The editor slot's arguments: what is edited (null: a new one), and how to close it after a save. */
export interface EditorSlot<T> {
  item: T | null;
  items: T[];
  close: () => void;
  saved: (message: string) => void;
}

/** A panel of the customer's own items (budgets, goals) with new / edit / delete. */
export function ToolPanel<T extends { id: string }>(props: {
  id: string;
  title: string;
  noun: string;
  load: () => Promise<T[]>;
  loadKey: unknown[];
  remove: (item: T) => Promise<void>;
  nameOf: (item: T) => string;
  empty: string;
  editor: (slot: EditorSlot<T>) => ReactNode;
  children: (item: T) => ReactNode;
}) {
  const [items, reload] = useLoad(props.load, props.loadKey);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  function remove(item: T) {
    const name = props.nameOf(item);
    if (!window.confirm(`Delete the ${props.noun} ${name}?`)) return;
    props.remove(item).then(
      () => {
        setStatus(`The ${props.noun} ${name} is deleted.`);
        reload();
      },
      (error: unknown) =>
        setStatus(`The ${props.noun} ${name} could not be deleted: ${failureOf(error).message}`),
    );
  }

  return (
    <Panel
      id={props.id}
      title={props.title}
      state={items}
      onRetry={reload}
      actions={
        editing === null && (
          <button type="button" className="button secondary" onClick={() => setEditing('new')}>
            New {props.noun}
          </button>
        )
      }
    >
      {(list) => (
        <>
          <p role="status" aria-live="polite" className="sub">
            {status}
          </p>
          {editing !== null && (
            <div key={editing === 'new' ? 'new' : editing.id}>
              {props.editor({
                item: editing === 'new' ? null : editing,
                items: list,
                close: () => setEditing(null),
                saved: (message) => {
                  setStatus(message);
                  setEditing(null);
                  reload();
                },
              })}
            </div>
          )}
          {list.length === 0 ? (
            <p className="empty" data-testid={`${props.id}-empty`}>
              {props.empty}
            </p>
          ) : (
            <ul className="tool-list" data-testid={`${props.id}-list`}>
              {list.map((item) => (
                <li key={item.id} className="tool">
                  {props.children(item)}
                  <div className="actions">
                    <button
                      type="button"
                      className="button secondary"
                      aria-label={`Edit the ${props.noun} ${props.nameOf(item)}`}
                      onClick={() => setEditing(item)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button secondary"
                      aria-label={`Delete the ${props.noun} ${props.nameOf(item)}`}
                      onClick={() => remove(item)}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
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
