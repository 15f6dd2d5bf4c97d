import { Global, Module } from '@nestjs/common';
import { AreasController } from './areas.controller';
import { AreasService } from './areas.service';

/** The districts and wards every domain that takes an address validates against. */
@Global()
@Module({ controllers: [AreasController], providers: [AreasService], exports: [AreasService] })
export class AreasModule {}
