import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type OnModuleInit } from '@nestjs/common';
import { AccountsModule, ConnectorRegistry } from '../accounts';
import { AuditModule } from '../audit';
import { ComplianceModule, ComplianceRules } from '../compliance';
import { CryptoModule } from '../crypto';
import { TenancyModule } from '../tenancy';
import { registerFirstPartyPlugins } from './first-party-plugins';
import { PluginIsolationModule } from '../plugin-isolation';
import { PluginCatalogue } from './plugin-catalogue';
import { PluginData } from './plugin-data';
import { PluginReleases } from './plugin-releases';
import { ThirdPartyRuntime } from './third-party-runtime';
import { PluginInstallation } from './plugin-installation.entity';
import { PluginsResolver } from './plugins.resolver';
import { PluginsService } from './plugins.service';

/**
 * The plugin host (API and worker): the catalogue of available plugins (the first-party ones registered
 * at start-up), the bank's installations, and the connector wiring — the process's one
 * `ConnectorRegistry` asks `PluginsService` which plugin connectors the current bank has enabled, and the
 * compliance capability (`ComplianceRules`) asks it for the bank's enabled compliance rule pack.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([PluginInstallation]),
    AccountsModule,
    AuditModule,
    CryptoModule,
    PluginIsolationModule,
    TenancyModule,
    ComplianceModule,
  ],
  providers: [PluginCatalogue, PluginData, ThirdPartyRuntime, PluginReleases, PluginsService],
  exports: [PluginCatalogue, PluginReleases, PluginsService],
})
export class PluginsModule implements OnModuleInit {
  constructor(
    private readonly catalogue: PluginCatalogue,
    private readonly plugins: PluginsService,
    private readonly connectors: ConnectorRegistry,
    private readonly releases: PluginReleases,
    private readonly compliance: ComplianceRules,
  ) {}

  async onModuleInit(): Promise<void> {
    registerFirstPartyPlugins(this.catalogue);
    this.connectors.usePlugins(this.plugins);
    // Published third-party releases, so `provides` knows their connectors from the start.
    await this.releases.refresh();
    this.compliance.usePlugins(this.plugins);
  }
}

/** The bank administrators' plugin queries and mutations. */
@Module({
  imports: [PluginsModule, TenancyModule],
  providers: [PluginsResolver],
})
export class PluginsGraphqlModule {}
