// The bank's products (the API's `products`, read only): its catalogue from the enabled product-catalogue
// plugins, with the figures a bank's staff check — rates as percent, money in the product's currency, limits
// and eligibility — type and region filters and cursor pages; a row opens its details and disclosures.
// Bank administrators also see which plugin (and version) the catalogue comes from, and a link to Plugins,
// where the catalogue is changed.
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { DataTable, List, SelectInput, useListContext, usePermissions, useRecordContext } from 'react-admin';
import { Alert, Box, Button, Chip, Link, Stack, Typography } from '@mui/material';
import {
  productRegions,
  productTypes,
  type FinPersonaDataProvider,
  type ProductRecord,
} from '../data/index.ts';
import { ListEmpty, ListError, ListPagination, OpaqueId, useStaffAction } from '../layout/index.ts';
import {
  formatEligibility,
  formatFee,
  formatLimits,
  formatRate,
  formatResidency,
  kindLabel,
  productTypeLabels,
} from './format.ts';
import { catalogueSources, sourceLabel, type CatalogueSource } from './sources.ts';

const filters = [
  <SelectInput
    key="type"
    source="type"
    label="Type"
    choices={productTypes.map((type) => ({ id: type, name: productTypeLabels[type] }))}
    alwaysOn
    emptyText="All"
  />,
  <SelectInput
    key="region"
    source="region"
    label="Offered in"
    choices={productRegions.map((region) => ({ id: region, name: region }))}
    alwaysOn
    emptyText="All regions"
  />,
];

/**
 * The bank's product-catalogue plugins, for bank administrators (who may read the plugins); undefined for
 * other roles or while loading (the same queries, and cache, as the Plugins page).
 */
function useCatalogueSources(): CatalogueSource[] | undefined {
  const { permissions } = usePermissions<string[]>();
  const isAdmin = permissions?.includes('bank-admin') ?? false;
  const { dataProvider } = useStaffAction();
  const provider = dataProvider as FinPersonaDataProvider;
  const plugins = useQuery({ queryKey: ['plugins'], queryFn: () => provider.plugins(), enabled: isAdmin });
  const installations = useQuery({
    queryKey: ['plugin-installations'],
    queryFn: () => provider.pluginInstallations(),
    enabled: isAdmin,
  });
  if (!isAdmin || !plugins.data || !installations.data) return undefined;
  return catalogueSources(plugins.data, installations.data);
}

function PluginsLink({ children }: { children: string }) {
  return (
    <Button component={RouterLink} to="/plugins" size="small" data-testid="products-plugins-link">
      {children}
    </Button>
  );
}

/** No products at all: why (no catalogue enabled, or it lists none) and, for bank administrators, where to fix it. */
function ProductsEmpty() {
  const sources = useCatalogueSources();
  const enabled = sources?.filter((source) => source.enabled) ?? [];
  if (sources && enabled.length > 0) {
    return (
      <ListEmpty title="The catalogue lists no products" testId="products-empty">
        {enabled.map(sourceLabel).join(', ')}{' '}
        {enabled.length === 1 ? 'is enabled but serves' : 'are enabled but serve'} no products: the catalogue
        is empty, or the plugin failed to list it (the API’s log says why).
        <br />
        <PluginsLink>Open Plugins</PluginsLink>
      </ListEmpty>
    );
  }
  return (
    <ListEmpty title="No product-catalogue plugin is enabled" testId="products-empty">
      The bank’s products come from a product-catalogue plugin — the default catalogue of its region or its
      own, imported in the plugin’s settings.{' '}
      {sources
        ? 'Install and enable one on the Plugins page.'
        : 'Bank administrators install and enable one on the Plugins page.'}
      {sources && (
        <>
          <br />
          <PluginsLink>Open Plugins</PluginsLink>
        </>
      )}
    </ListEmpty>
  );
}

/** Above the rows: where the catalogue comes from (bank administrators) and whether its figures are examples. */
function CatalogueSourcePanel() {
  const { data } = useListContext<ProductRecord>();
  const sources = useCatalogueSources();
  const enabled = sources?.filter((source) => source.enabled) ?? [];
  const illustrative = data?.some((product) => product.illustrative) ?? false;
  if (enabled.length === 0 && !illustrative) return null;
  return (
    <Stack spacing={1} sx={{ p: 2, pb: 0 }}>
      {enabled.length > 0 && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
          <Typography variant="body2" data-testid="products-source">
            From {enabled.map(sourceLabel).join(', ')}
          </Typography>
          <PluginsLink>Change on Plugins</PluginsLink>
        </Box>
      )}
      {illustrative && (
        <Alert severity="warning" data-testid="products-illustrative">
          Products marked “Example figures” carry the catalogue plugin’s examples, not the bank’s own offer.
          Bank administrators import the bank’s catalogue in the plugin’s settings.
        </Alert>
      )}
    </Stack>
  );
}

function Lines({ lines, testId }: { lines: readonly string[]; testId: string }) {
  if (lines.length === 0) return <Typography variant="body2">—</Typography>;
  return (
    <Box data-testid={testId}>
      {lines.map((line, index) => (
        <Typography key={index} variant="body2">
          {line}
        </Typography>
      ))}
    </Box>
  );
}

function NameCell() {
  const product = useRecordContext<ProductRecord>();
  if (!product) return null;
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }} data-testid="product-name">
        {product.name}
      </Typography>
      {product.illustrative && (
        <Chip size="small" variant="outlined" color="warning" label="Example figures" sx={{ mt: 0.5 }} />
      )}
    </Box>
  );
}

/** A column of one product's figures, one line each. */
function LinesCell({ lines, testId }: { lines(product: ProductRecord): string[]; testId: string }) {
  const product = useRecordContext<ProductRecord>();
  return product ? <Lines lines={lines(product)} testId={testId} /> : null;
}
const TypeCell = () => {
  const product = useRecordContext<ProductRecord>();
  return product ? <>{productTypeLabels[product.type] ?? product.type}</> : null;
};

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', gap: 1 }}>
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 150 }}>
        {label}
      </Typography>
      <Box sx={{ typography: 'body2' }}>{children}</Box>
    </Box>
  );
}

/** A row's details: ids, where it is offered, the descriptions of fees and rates, notes and disclosures. */
function ProductDetails() {
  const product = useRecordContext<ProductRecord>();
  if (!product) return null;
  const described = [
    ...product.rates
      .filter((rate) => rate.description)
      .map((rate) => `${formatRate(rate)}: ${rate.description}`),
    ...product.fees.filter((fee) => fee.description).map((fee) => `${formatFee(fee)}: ${fee.description}`),
  ];
  return (
    <Stack spacing={0.5} sx={{ py: 1 }} data-testid="product-details">
      {product.summary && <Typography variant="body2">{product.summary}</Typography>}
      <Detail label="Product id">
        <OpaqueId source="productId" />
      </Detail>
      <Detail label="Catalogue plugin">{product.catalogue}</Detail>
      <Detail label="Currency">{product.currency}</Detail>
      <Detail label="Offered in">{product.regions.join(', ')}</Detail>
      <Detail label="Residency">
        <span title={product.eligibility.residency.join(', ')}>
          {formatResidency(product.eligibility.residency)}
        </span>
      </Detail>
      {product.eligibility.notes.length > 0 && (
        <Detail label="Eligibility notes">{product.eligibility.notes.join('; ')}</Detail>
      )}
      {described.length > 0 && (
        <Detail label="Conditions">
          {described.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </Detail>
      )}
      <Detail label="Documents">
        {product.disclosures.length === 0
          ? '—'
          : product.disclosures.map((document) => (
              <div key={document.url}>
                <Link href={document.url} target="_blank" rel="noopener noreferrer">
                  {document.title}
                </Link>{' '}
                ({kindLabel(document.kind)}, {document.version}, {document.language})
              </div>
            ))}
      </Detail>
    </Stack>
  );
}

export function ProductList() {
  return (
    <List
      title="Products"
      filters={filters}
      empty={<ProductsEmpty />}
      error={<ListError what="Products" testId="products-error" />}
      perPage={25}
      // A bank's catalogue is short (the default one has eight products): five a page is a useful choice.
      pagination={<ListPagination rowsPerPage={[5, 10, 25, 50]} />}
      queryOptions={{ onError: () => undefined }}
      // The API orders products by catalogue, then product id; it offers no other order.
      sort={{ field: 'id', order: 'ASC' }}
      exporter={false}
    >
      <CatalogueSourcePanel />
      <DataTable bulkActionButtons={false} rowClick="expand" expand={<ProductDetails />} expandSingle>
        <DataTable.Col source="name" disableSort>
          <NameCell />
        </DataTable.Col>
        <DataTable.Col source="type" disableSort>
          <TypeCell />
        </DataTable.Col>
        <DataTable.Col label="Rates" disableSort>
          <LinesCell lines={(product) => product.rates.map(formatRate)} testId="product-rates" />
        </DataTable.Col>
        <DataTable.Col label="Fees" disableSort>
          <LinesCell lines={(product) => product.fees.map(formatFee)} testId="product-fees" />
        </DataTable.Col>
        <DataTable.Col label="Amount and term" disableSort>
          <LinesCell lines={(product) => formatLimits(product.limits)} testId="product-limits" />
        </DataTable.Col>
        <DataTable.Col label="Eligibility" disableSort>
          <LinesCell
            lines={(product) => formatEligibility(product.eligibility)}
            testId="product-eligibility"
          />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
