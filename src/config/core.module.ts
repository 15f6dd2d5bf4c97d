import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { DependencyStatus } from '../common/faults/dependency-status';
import { AppConfig } from './app-config';

/** The configuration, the Clock and the dependencies' status, available everywhere. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        DependencyStatus,
      ],
      exports: [AppConfig, Clock, DependencyStatus],
    };
  }
}
