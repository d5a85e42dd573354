import { Module } from '@nestjs/common';
import { PluginsModule } from '../plugins';
import { TenancyModule } from '../tenancy';
import { ProductsResolver } from './products.resolver';
import { ProductsService } from './products.service';

/** The bank's products, read from its enabled product-catalogue plugins through the plugin host. */
@Module({
  imports: [PluginsModule, TenancyModule],
  providers: [ProductsService],
  exports: [ProductsService],
})
export class ProductsModule {}

/** `products` for customers and bank staff. */
@Module({
  imports: [ProductsModule],
  providers: [ProductsResolver],
})
export class ProductsGraphqlModule {}
