import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { authorize, callerIsBankStaff, requireStepUp } from '../access';
import { CustomersService } from './customers.service';
import { CustomerConnectionView, CustomerView } from './customers.graphql';

@Resolver()
export class CustomersResolver {
  constructor(private readonly customerService: CustomersService) {}

  @Query(() => CustomerConnectionView, {
    description:
      "The customers the caller may see, oldest first: bank-admin and compliance-officer see their bank's, a customer only their own record. `first` is 1-100. Staff reads are audited.",
  })
  async customers(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<CustomerConnectionView> {
    authorize('read', 'Customer', 'list customers');
    // Staff reading customers' personal data need a recent second factor; a customer reading their own record does not.
    if (callerIsBankStaff()) requireStepUp('list customers');
    const page = await this.customerService.listVisible({ first: first ?? 25, after });
    return Object.assign(new CustomerConnectionView(), {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: CustomerView.of(edge.node) })),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    });
  }

  @Query(() => CustomerView, {
    description:
      "One customer by id: staff of the customer's bank, or the customer themself. NOT_FOUND for any id the caller may not see (another bank's, another customer's, or none). Staff reads are audited.",
  })
  async customer(@Args('id', { type: () => ID }) id: string): Promise<CustomerView> {
    authorize('read', 'Customer', 'read a customer');
    if (callerIsBankStaff()) requireStepUp('read a customer');
    return CustomerView.of(await this.customerService.findVisible(id));
  }
}
