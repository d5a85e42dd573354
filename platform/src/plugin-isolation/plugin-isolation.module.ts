import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AuditModule, AuditService } from '../audit';
import { CORE_CONFIG, type CoreConfig, loadPluginTrainingLimits } from '../config';
import { PluginIsolation, type ReportSink, auditEventOf, needsAudit } from './plugin-isolation';

/**
 * Records on the calling bank's audit trail every call that did not end as a clean `ok`. It runs in the
 * caller's context: inside a request's transaction the entry commits or rolls back with it.
 */
export function auditingSink(audit: AuditService): ReportSink {
  return async (report) => {
    if (needsAudit(report)) await audit.record(auditEventOf(report));
  };
}

/** `PluginIsolation` for the plugin host, audited, its sandbox processes stopped at shutdown. */
@Module({
  imports: [AuditModule],
  providers: [
    {
      provide: PluginIsolation,
      inject: [AuditService, { token: CORE_CONFIG, optional: true }],
      useFactory: (audit: AuditService, config?: CoreConfig) =>
        new PluginIsolation({
          onReport: auditingSink(audit),
          network: config?.pluginSandboxNetwork ?? 'host',
          // The operator's training budget (`PLUGIN_TRAIN_*`); every other call keeps the defaults.
          callLimits: {
            'recommendation-model.train': config?.pluginTrainingLimits ?? loadPluginTrainingLimits({}),
          },
        }),
    },
  ],
  exports: [PluginIsolation],
})
export class PluginIsolationModule implements OnApplicationShutdown {
  constructor(@Inject(PluginIsolation) private readonly isolation: PluginIsolation) {}

  async onApplicationShutdown(): Promise<void> {
    await this.isolation.close();
  }
}
