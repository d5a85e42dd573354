export {
  afterCursor,
  afterDayCursorDescending,
  decodeCursor,
  decodeDayCursor,
  decodeKeyCursor,
  encodeCursor,
  encodeDayCursor,
  encodeKeyCursor,
} from './cursor';
export type { Cursor, DayCursor, KeyCursor } from './cursor';
export { PageInfoView } from './page-info.graphql';
