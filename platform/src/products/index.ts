export { ProductsGraphqlModule, ProductsModule } from './products.module';
export {
  maxProductPageSize,
  ProductsService,
  type CatalogueProduct,
  type ProductPage,
} from './products.service';
export { ProductTypeValue, ProductView } from './products.graphql';
