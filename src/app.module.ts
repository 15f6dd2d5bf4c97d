import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AreasModule } from './areas/areas.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AccessModule } from './common/access';
import { Clock } from './common/clock';
import { EventsModule } from './common/events/events.module';
import { boundedPoolOptions } from './common/faults/pool-options';
import { AppConfig } from './config/app-config';
import { CoreModule } from './config/core.module';
import { DoctorsModule } from './doctors/doctors.module';
import { OperatorsModule } from './operators/operators.module';
import { HealthModule } from './health/health.module';
import { HotlineModule } from './hotline/hotline.module';
import { PatientsModule } from './patients/patients.module';
import { StatsModule } from './stats/stats.module';
import { ConsultsModule } from './consults/consults.module';
import { WARM_CONNECTIONS } from './consults/warm-up';
import { RealtimeModule } from './realtime/realtime.module';
import { logOptions } from './logging';
import { ShiftsModule } from './shifts/shifts.module';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        // requireAccess(caller, resource, id) for every module; each domain's policies register themselves
        AccessModule,
        LoggerModule.forRoot(logOptions(config.logLevel)),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          autoLoadEntities: true,
          // Schema changes only through migrations (src/database/migrations), run before the app starts.
          synchronize: false,
          migrationsRun: false,
          // Every wait for the database is bounded (CONTRACT.md "Faults").
          // `min`: the connections warmed at start (src/consults/warm-up.ts) stay open when idle.
          extra: {
            ...boundedPoolOptions(config, config.dbPoolSize),
            min: Math.min(WARM_CONNECTIONS, config.dbPoolSize),
          },
        }),
        // Domain events: services publish after commit (EventBus); realtime and other domains listen.
        EventsModule,
        HealthModule,
        AreasModule,
        HotlineModule,
        AuthModule,
        AuditModule,
        DoctorsModule,
        OperatorsModule,
        ShiftsModule,
        ConsultsModule,
        RealtimeModule,
        PatientsModule,
        StatsModule,
        // the web console at `/` (last: its catch-all for client routes must not shadow anything)
        WebModule.register(),
      ],
    };
  }
}
