/**
 * Drives a product catalogue as the platform does: `listProducts` for the bank, the answer validated with
 * `validateProducts` (the host serves nothing from a catalogue with problems), asked twice (the host caches
 * it, so it must not change), and at least one product offered in the bank's region.
 */
import type { PluginContext } from '../manifest';
import { type Product, type ProductCatalogueExtension, validateProducts } from '../product-catalogue';
import { attempt, failed, jsonProblem, sameAnswer } from './checks';
import type { ProblemSink } from './data-connector';

export interface ProductCatalogueRun {
  readonly products: readonly Product[];
}

export async function checkProductCatalogue(
  extension: ProductCatalogueExtension,
  context: PluginContext,
  problem: ProblemSink,
): Promise<ProductCatalogueRun | undefined> {
  const step = 'product-catalogue.listProducts';
  const listed = await attempt(step, problem, () => extension.listProducts(context));
  if (listed === failed) return undefined;
  const notJson = jsonProblem(listed, 'products');
  if (notJson) problem(step, notJson);
  const validation = validateProducts(listed);
  if (!validation.ok) {
    for (const found of validation.problems) problem(step, `${found.path} ${found.message}`);
    return { products: listed };
  }
  if (!validation.products.some((product) => product.regions.includes(context.region))) {
    problem(step, `offers no product in the bank's region ${context.region}`);
  }
  const again = await attempt(step, problem, () => extension.listProducts(context));
  if (again !== failed) sameAnswer(step, listed, again, problem);
  return { products: validation.products };
}
