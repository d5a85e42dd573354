export {
  afterCursor,
  afterDayCursorDescending,
  decodeCursor,
  decodeDayCursor,
  encodeCursor,
  encodeDayCursor,
} from './cursor';
export type { Cursor, DayCursor } from './cursor';
export { PageInfoView } from './page-info.graphql';
