import { Injectable, Logger } from '@nestjs/common';
import { type Product, type ProductType, validateProducts } from '@finpersona/plugin-sdk';
import { callerIsBankStaff } from '../access';
import { Invalid } from '../errors';
import { decodeKeyCursor, encodeKeyCursor, type KeyCursor } from '../pagination';
import { type EnabledExtension, PluginsService } from '../plugins';
import { requireContext } from '../request-context';
import { type Region, TenancyService } from '../tenancy';

/** A product with the catalogue plugin it comes from (two catalogues may use the same product id). */
export interface CatalogueProduct {
  catalogue: string;
  product: Product;
}

export interface ProductPage {
  edges: { cursor: string; node: CatalogueProduct }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export const maxProductPageSize = 100;

/** Catalogue answers kept per installation revision; the oldest go first beyond this many. */
const cachedCatalogues = 500;

/**
 * The bank's products, from the product-catalogue plugins it has enabled (through the plugin host, with the
 * bank's settings), for the bank of the request context only.
 *
 * Each catalogue's answer is validated with the SDK's `validateProducts` and cached per installation
 * revision (installation, version and last settings change: `PluginsService.enabledExtensions`), so a
 * reconfigured or upgraded catalogue is read afresh and an unchanged one is not read again. A catalogue
 * that throws or answers with invalid products serves nothing (logged for its publisher, not cached) while
 * the bank's other catalogues still serve.
 *
 * Customers see the products offered in their bank's region; bank staff see every product of the bank's
 * catalogues (a catalogue may hold products for several regions).
 */
@Injectable()
export class ProductsService {
  private readonly logger = new Logger('Products');
  private readonly catalogues = new Map<string, Promise<readonly Product[]>>();

  constructor(
    private readonly plugins: PluginsService,
    private readonly tenancy: TenancyService,
  ) {}

  async listVisible(options: {
    filter?: { type?: ProductType | null; region?: Region | null } | null;
    first: number;
    after?: string | null;
  }): Promise<ProductPage> {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > maxProductPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxProductPageSize}` }]);
    }
    const after = options.after ? decodeKeyCursor(options.after) : undefined;
    const bankRegion = callerIsBankStaff() ? null : await this.bankRegion();
    const { type, region } = options.filter ?? {};
    const matching = (await this.all()).filter(
      ({ product }) =>
        (!type || product.type === type) &&
        (!region || product.regions.includes(region)) &&
        (!bankRegion || product.regions.includes(bankRegion)),
    );
    const rest = after ? matching.filter((item) => compareKeys(keyOf(item), after) > 0) : matching;
    const edges = rest.slice(0, first).map((node) => ({ cursor: encodeKeyCursor(keyOf(node)), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rest.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: matching.length,
    };
  }

  /**
   * The products the bank offers in its own region (what its customers may be offered), ordered by
   * catalogue, then product id: the candidates of recommendations.
   */
  async offeredInBankRegion(): Promise<CatalogueProduct[]> {
    const region = await this.bankRegion();
    return (await this.all()).filter(({ product }) => product.regions.includes(region));
  }

  /** Every product of the bank's enabled catalogues, ordered by catalogue, then product id. */
  private async all(): Promise<CatalogueProduct[]> {
    const catalogues = await this.plugins.enabledExtensions('product-catalogue');
    const lists = await Promise.all(
      catalogues.map(async (catalogue) =>
        (await this.productsOf(catalogue)).map((product) => ({ catalogue: catalogue.pluginId, product })),
      ),
    );
    return lists.flat().sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  private productsOf(catalogue: EnabledExtension<'product-catalogue'>): Promise<readonly Product[]> {
    const cached = this.catalogues.get(catalogue.revision);
    if (cached) return cached;
    const read = this.read(catalogue);
    this.catalogues.set(catalogue.revision, read);
    if (this.catalogues.size > cachedCatalogues) {
      this.catalogues.delete(this.catalogues.keys().next().value!);
    }
    return read;
  }

  private async read(catalogue: EnabledExtension<'product-catalogue'>): Promise<readonly Product[]> {
    const where = `catalogue plugin ${catalogue.pluginId} ${catalogue.version}`;
    try {
      const answer: unknown = await catalogue.extension.listProducts(await catalogue.context());
      const result = validateProducts(answer);
      if (result.ok) return result.products;
      const problems = result.problems.slice(0, 5).map((problem) => `${problem.path} ${problem.message}`);
      this.logger.warn(`${where} listed invalid products; serving none of them: ${problems.join('; ')}`);
    } catch (error) {
      this.logger.warn(`${where} failed to list its products; serving none of them: ${String(error)}`);
    }
    // Not cached: the next request asks the plugin again.
    this.catalogues.delete(catalogue.revision);
    return [];
  }

  private async bankRegion(): Promise<Region> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error("Products are a bank's: list them in a request or runAsTenant()");
    return (await this.tenancy.getById(tenant.id)).region;
  }
}

const keyOf = ({ catalogue, product }: CatalogueProduct): KeyCursor => ({
  first: catalogue,
  second: product.id,
});

/** Code-unit order (not locale order), so the order and the cursors never depend on the server's locale. */
function compareKeys(a: KeyCursor, b: KeyCursor): number {
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return compare(a.first, b.first) || compare(a.second, b.second);
}
