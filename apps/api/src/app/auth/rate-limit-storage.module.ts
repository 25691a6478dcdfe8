import { Module } from '@nestjs/common';
import { RateLimitCounterSweep, SharedRateLimitStorage } from './shared-rate-limit.storage';

/** The throttler's storage as a provider of its own, with its hourly sweep. */
@Module({
  providers: [SharedRateLimitStorage, RateLimitCounterSweep],
  exports: [SharedRateLimitStorage],
})
export class RateLimitStorageModule {}
