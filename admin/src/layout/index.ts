export { EnumChip, EnumText, OpaqueId } from './EnumFields.tsx';
export { Layout } from './Layout.tsx';
export { Notification } from './Notification.tsx';
export { ListEmpty, ListError, ListPagination, QueryError } from './ListStates.tsx';
export { QueryState } from './QueryState.tsx';
export { useStaffAction } from './useStaffAction.ts';
export { maxReasonLength, ReasonDialog } from './ReasonDialog.tsx';
export { StateChip, type Mark, type Tone } from './StateChip.tsx';
export { QuerySection } from './QuerySection.tsx';
