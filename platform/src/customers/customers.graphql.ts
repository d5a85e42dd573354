import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoView } from '../pagination';
import type { CustomerRecord } from './customers.service';

@ObjectType('Customer')
export class CustomerView {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => Date) createdAt!: Date;

  static of(customer: CustomerRecord): CustomerView {
    return Object.assign(new CustomerView(), {
      id: customer.id,
      displayName: customer.displayName,
      email: customer.email,
      createdAt: customer.createdAt,
    });
  }
}

@ObjectType('CustomerEdge')
export class CustomerEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => CustomerView) node!: CustomerView;
}

@ObjectType('CustomerConnection')
export class CustomerConnectionView {
  @Field(() => [CustomerEdgeView]) edges!: CustomerEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int) totalCount!: number;
}
