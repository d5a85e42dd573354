import { Field, ObjectType } from '@nestjs/graphql';

/** Relay-style page information, shared by every connection in the schema. */
@ObjectType('PageInfo')
export class PageInfoView {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
