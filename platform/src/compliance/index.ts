export { regionRules, type RegionRules } from './region-rules';
