import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessControl } from './access-control';

/** `AccessControl` for every module; policies are found on their own (`@AccessPolicy()`). */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [AccessControl],
  exports: [AccessControl],
})
export class AccessModule {}
