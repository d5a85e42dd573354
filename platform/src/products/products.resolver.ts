import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { ProductConnectionView, ProductFilterValue, productTypeOf, ProductView } from './products.graphql';
import { ProductsService } from './products.service';

/** The bank's products (see platform/README.md "Products"). */
@Resolver()
export class ProductsResolver {
  constructor(private readonly catalogue: ProductsService) {}

  @Query(() => ProductConnectionView, {
    description:
      "The bank's products from its enabled catalogue plugins, by catalogue then product id: customers see those offered in their bank's region, bank staff all. `first` is 1-100.",
  })
  async products(
    @Args('filter', { type: () => ProductFilterValue, nullable: true }) filter: ProductFilterValue | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ProductConnectionView> {
    authorize('read', 'Product', "list the bank's products");
    const page = await this.catalogue.listVisible({
      filter: filter && {
        type: filter.type ? productTypeOf(filter.type) : null,
        region: filter.region ?? null,
      },
      first: first ?? 25,
      after,
    });
    return Object.assign(new ProductConnectionView(), {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: ProductView.of(edge.node) })),
    });
  }
}
