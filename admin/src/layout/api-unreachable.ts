// When the whole portal says the API cannot be reached (ApiUnreachable.tsx): the decision, apart from React.
import { isUnreachable } from '../data/errors.ts';

export const UNREACHABLE_MESSAGE =
  'The FinPersona service cannot be reached right now. Nothing you entered was lost; try again in a moment.';

/** The state of react-admin's permissions query (`usePermissions`), which loads `me`. */
export interface PermissionsState {
  data: unknown;
  error: unknown;
  /** The last try's error while TanStack Query is still retrying. */
  failureReason: unknown;
}

/**
 * The portal cannot start: the signed-in person's roles were never loaded (so no screen or menu is known) and
 * the last try did not reach the API. Once loaded, a later failure leaves the page as it is (its own error shows),
 * so nothing on screen is thrown away.
 */
export function portalUnreachable({ data, error, failureReason }: PermissionsState): boolean {
  return data === undefined && (isUnreachable(error) || isUnreachable(failureReason));
}
