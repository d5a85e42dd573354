export { MoneyView } from './money.graphql';
