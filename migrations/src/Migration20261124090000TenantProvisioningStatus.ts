import { Migration } from '@mikro-orm/migrations';

/**
 * A tenant being onboarded is `PROVISIONING`: recorded, but its realm's tokens are not accepted and its
 * branding is not served until the onboarding workflow activates it.
 */
export class Migration20261124090000TenantProvisioningStatus extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table tenant drop constraint tenant_status_known;`);
    this.addSql(`
      alter table tenant add constraint tenant_status_known
        check (status in ('PROVISIONING', 'ACTIVE', 'SUSPENDED'));
    `);
  }

  override async down(): Promise<void> {
    // A bank still being onboarded is not live: it goes back as suspended rather than active.
    this.addSql(`update tenant set status = 'SUSPENDED' where status = 'PROVISIONING';`);
    this.addSql(`alter table tenant drop constraint tenant_status_known;`);
    this.addSql(
      `alter table tenant add constraint tenant_status_known check (status in ('ACTIVE', 'SUSPENDED'));`,
    );
  }
}
