// The one-time download tokens of the access requests the signed-in compliance officer recorded, kept for this
// browser tab only (sessionStorage, like the sign-in itself): the API shows a token once, and a step-up sign-in
// reloads the app, which would lose a token held only in memory. A token is worth nothing on its own: the API
// hands the archive only to the officer who recorded the request, with a recent second factor, once. Forgotten
// after the download and at sign-out; closing the tab loses it (then record a new request).
const STORAGE_KEY = 'finpersona.admin.recorded-exports';

export interface RecordedExport {
  downloadPath: string;
  downloadToken: string;
}

function load(): Record<string, RecordedExport> {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, RecordedExport>) : {};
  } catch {
    return {}; // a corrupt entry is the same as none
  }
}

function save(exports: Record<string, RecordedExport>): void {
  if (Object.keys(exports).length === 0) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(exports));
}

export function rememberRecordedExport(requestId: string, recorded: RecordedExport): void {
  save({ ...load(), [requestId]: recorded });
}

/** The download of an access request recorded in this tab, if it is still held. */
export function recordedExport(requestId: string): RecordedExport | undefined {
  return load()[requestId];
}

export function forgetRecordedExport(requestId: string): void {
  const { [requestId]: _forgotten, ...rest } = load();
  save(rest);
}

/** At sign-out: the next person in this tab holds none of them. */
export function forgetRecordedExports(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
