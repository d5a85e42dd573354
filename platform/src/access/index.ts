export { requirePlatformRole, requireTenantRole } from './authorize';
