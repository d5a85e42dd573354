export { CustomersGraphqlModule, CustomersModule } from './customers.module';
export { CustomersService, demoCustomerProblems, maxPageSize, SourceRecordErased } from './customers.service';
export type { BankImportedCustomer, CustomerPage, CustomerRecord, DemoCustomer } from './customers.service';
export { Customer } from './customer.entity';
export { callerCustomerId } from './caller-customer';
