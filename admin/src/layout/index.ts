export { EnumChip, EnumText, OpaqueId } from './EnumFields.tsx';
export { Layout } from './Layout.tsx';
export { ListEmpty, ListError, ListPagination } from './ListStates.tsx';
