import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { requireStepUp, requireTenantRole } from '../access';
import { CustomersService } from './customers.service';
import { CustomerConnectionView, CustomerView } from './customers.graphql';

@Resolver()
export class CustomersResolver {
  constructor(private readonly customerService: CustomersService) {}

  @Query(() => CustomerConnectionView, {
    description:
      "The addressed bank's customers, oldest first; for bank-admin and compliance-officer. `first` is 1-100.",
  })
  async customers(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CustomerConnectionView> {
    requireTenantRole(['bank-admin', 'compliance-officer'], 'list customers');
    requireStepUp('list customers');
    const page = await this.customerService.listForCurrentTenant({ first: first ?? 25, after });
    return Object.assign(new CustomerConnectionView(), {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: CustomerView.of(edge.node) })),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    });
  }
}
