/**
 * @finpersona/connector-berlin-group — the Berlin Group NextGenPSD2 XS2A (v1.3.x) account-information
 * connector. The local ASPSP for tests is the separate entry `@finpersona/connector-berlin-group/local-aspsp`.
 */
export {
  createBerlinGroupConnector,
  berlinGroupConnectorId,
  lastWholeDayBefore,
  endOfValidity,
  type BerlinGroupConnectorOptions,
  type BerlinGroupCredentials,
} from './connector';
export {
  parseBerlinGroupSettings,
  defaultBerlinGroupSettings,
  BerlinGroupSettingsError,
  type BerlinGroupSettings,
} from './settings';
export { berlinGroupPlugin } from './plugin';
