export { HealthModule } from './health.module';
export type { Readiness } from './health.service';
