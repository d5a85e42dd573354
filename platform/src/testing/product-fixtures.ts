import { EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { defaultCatalogue, retailCataloguePluginId } from '@finpersona/catalogue-retail';
import type { Product } from '@finpersona/plugin-sdk';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService } from '../tenancy';

/** The bank's catalogue the generated suites' `products` calls read (see `TargetWorld.products`). */
export interface ProductWorld {
  /** Ids of the bank's products, each starting with the bank's prefix: evidence when seen by another bank. */
  productIds: string[];
  /** The `products(filter:)` the generated calls pass: a type and region the bank's catalogue has. */
  filter: { type: 'SAVINGS_ACCOUNT'; region: string };
}

/**
 * Installs and enables the retail catalogue for `tenant` (as onboarding does) with a catalogue of its own: the
 * default products of the bank's region, each id prefixed with `prefix` (give each bank its own), imported
 * as a JSON document. Configures it when the bank has it already.
 */
export async function prepareProductWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  prefix: string,
): Promise<ProductWorld> {
  const { region } = await app.get(TenancyService).getById(tenant.id);
  const products: Product[] = defaultCatalogue(region).map((product) => ({
    ...product,
    id: `${prefix}-${product.id}`,
  }));
  const settings = { format: 'json', catalogue: JSON.stringify(products) };
  const plugins = app.get(PluginsService);
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional(async () => {
      const { installed } = await plugins.installInitialPlugins([{ id: retailCataloguePluginId, settings }]);
      if (installed.length === 0) {
        await plugins.configure(retailCataloguePluginId, settings);
        await plugins.setEnabled(retailCataloguePluginId, true);
      }
    }),
  );
  return { productIds: products.map((product) => product.id), filter: { type: 'SAVINGS_ACCOUNT', region } };
}
