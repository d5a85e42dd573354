// One way for every dashboard panel to load: loading, failed (with the API's code), ready; `reload` retries.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type ApiErrorCode } from '../api/client.ts';

export type Load<T> =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string; code: ApiErrorCode | null }
  | { kind: 'ready'; value: T };

export function failureOf(error: unknown): { message: string; code: ApiErrorCode | null } {
  if (error instanceof ApiError) return { message: error.message, code: error.code };
  return { message: (error as Error)?.message ?? String(error), code: null };
}

/** Runs `load` on mount and whenever `key` changes or `reload()` is called; a stale answer is dropped. */
export function useLoad<T>(
  load: () => Promise<T>,
  key: unknown[],
): [Load<T>, () => void, (value: T) => void] {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    load().then(
      (value) => !cancelled && setState({ kind: 'ready', value }),
      (error: unknown) => !cancelled && setState({ kind: 'failed', ...failureOf(error) }),
    );
    return () => {
      cancelled = true;
    };
    // `load` is recreated each render; `key` names what it depends on.
  }, [...key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((value: T) => setState({ kind: 'ready', value }), []);
  return [state, reload, set];
}
