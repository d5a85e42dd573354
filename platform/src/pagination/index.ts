export { afterCursor, decodeCursor, encodeCursor } from './cursor';
export type { Cursor } from './cursor';
export { PageInfoView } from './page-info.graphql';
