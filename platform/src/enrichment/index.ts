export {
  categories,
  categoryIdsOf,
  categoryKind,
  categorySources,
  isCategoryId,
  type Category,
  type CategoryId,
  type CategoryKind,
  type CategorySource,
} from './taxonomy';
