export { type EnumValue, graphqlEnum } from './graphql-enum';
