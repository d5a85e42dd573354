/**
 * @finpersona/catalogue-retail — the first-party product-catalogue plugin: a default catalogue of a typical
 * retail bank per region (example figures) and a bank's own catalogue imported from JSON or CSV.
 */
export { defaultCatalogue, eeaCountries } from './default-catalogue';
export {
  catalogueFormats,
  csvColumns,
  describeLocation,
  importCatalogue,
  type CatalogueFormat,
  type CatalogueImport,
  type CatalogueProblem,
} from './import-catalogue';
export { maxCatalogueLength, productsFor, retailCataloguePlugin, retailCataloguePluginId } from './plugin';
