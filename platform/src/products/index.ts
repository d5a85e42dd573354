export { ProductsGraphqlModule, ProductsModule } from './products.module';
export {
  maxProductPageSize,
  ProductsService,
  type CatalogueProduct,
  type ProductPage,
} from './products.service';
export { ProductTypeValue } from './products.graphql';
