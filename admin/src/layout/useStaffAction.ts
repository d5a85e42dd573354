// Runs one of the data provider's mutations from a button or dialog: busy state, a notification of the
// outcome, the page's data fetched again. Through react-admin's data provider hook, so the API's
// STEP_UP_REQUIRED leads to the portal's step-up page and back here (authProvider.checkError).
import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type FieldProblem, type FinPersonaDataProvider } from '../data/index.ts';

/**
 * react-admin's data provider hook answers `{ data }` instead of throwing when checkError redirected (to the
 * sign-in or the step-up page): nothing was done then, so nothing is announced.
 */
function redirected(result: unknown): boolean {
  return (
    typeof result === 'object' && result !== null && Object.keys(result).length === 1 && 'data' in result
  );
}

/** An action's outcome that is not plainly a success. */
export interface Outcome {
  message: string;
  type: 'success' | 'warning' | 'info';
}

export function useStaffAction() {
  const dataProvider = useDataProvider<FinPersonaDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  /**
   * Returns whether it succeeded; an error is shown as a notification (its message says what to do). `done`
   * words the outcome; an outcome that is not a success (e.g. "not trained") says so with `type: 'warning'`.
   * `onInvalid` gets the API's problem per input when it refused the input (INVALID), to show each under its
   * input (the notification still says the request was not valid).
   */
  async function run<Result>(
    action: (provider: FinPersonaDataProvider) => Promise<Result>,
    done: string | ((result: Result) => string | Outcome),
    onInvalid?: (problems: readonly FieldProblem[]) => void,
  ): Promise<Result | undefined> {
    setBusy(true);
    try {
      const result = await action(dataProvider);
      if (redirected(result)) return undefined;
      const outcome = typeof done === 'string' ? done : done(result);
      const { message, type } =
        typeof outcome === 'string' ? { message: outcome, type: 'success' as const } : outcome;
      notify(message, { type });
      await queryClient.invalidateQueries();
      refresh();
      return result;
    } catch (error) {
      if (onInvalid && error instanceof ApiError && error.code === 'INVALID') onInvalid(error.fields);
      notify((error as Error).message, { type: 'error' });
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, run, dataProvider };
}
