import { MikroORM, RequestContext } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DATABASE_CONFIG, type DatabaseConfig } from '../config';
import { EntityManagerScope } from './entity-manager-scope';
import { TenantSettingSubscriber } from './tenant-scope';

@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    @Inject(EntityManagerScope) private readonly scope: EntityManagerScope,
  ) {}

  /** Entities are registered by each capability with `MikroOrmModule.forFeature([...])`. */
  static forRoot(): DynamicModule {
    const scope = new EntityManagerScope();
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        MikroOrmModule.forRootAsync({
          driver: PostgreSqlDriver,
          inject: [DATABASE_CONFIG],
          useFactory: (database: DatabaseConfig) => ({
            driver: PostgreSqlDriver,
            clientUrl: database.appUrl,
            autoLoadEntities: true,
            // The request pipeline scopes EntityManagers (see EntityManagerScope), not MikroORM's middleware.
            registerRequestContext: false,
            allowGlobalContext: false,
            context: (name: string) => scope.resolve() ?? RequestContext.getEntityManager(name),
            subscribers: [new TenantSettingSubscriber()],
            pool: { min: 0, max: database.poolSize },
            debug: false,
          }),
        }),
      ],
      providers: [{ provide: EntityManagerScope, useValue: scope }],
      exports: [EntityManagerScope],
    };
  }

  onModuleInit(): void {
    this.scope.attach(this.orm.em as never);
  }
}
