import { Global, Module } from '@nestjs/common';
import { IdempotencyCommitSubscriber } from './idempotency-commit.subscriber';
import { IdempotencyInterceptor } from './idempotency.interceptor';

@Global()
@Module({
  providers: [IdempotencyInterceptor, IdempotencyCommitSubscriber],
  exports: [IdempotencyInterceptor],
})
export class IdempotencyModule {}
