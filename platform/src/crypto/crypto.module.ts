import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CORE_CONFIG, type CoreConfig } from '../config';
import { FieldEncryptionService, KEY_PROVIDER } from './field-encryption.service';
import { createKeyProvider } from './provider-from-config';

/**
 * Encryption at rest for the platform's services: the key provider named by the configuration (built
 * once at start-up, so a refused key file stops the process) and `FieldEncryptionService`.
 */
@Module({
  imports: [AuditModule],
  providers: [
    {
      provide: KEY_PROVIDER,
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => createKeyProvider(config.crypto),
    },
    FieldEncryptionService,
  ],
  exports: [FieldEncryptionService],
})
export class CryptoModule {}
