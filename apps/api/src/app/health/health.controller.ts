import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthResponse } from '@rehabit/contracts';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Public } from '../auth/decorators';
import { DatabaseLifecycle } from '../database/database.module';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly lifecycle: DatabaseLifecycle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The API and its database are up.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const up = await this.health
      .check([() => this.database.pingCheck('database', { timeout: 2000 })])
      .then(() => true)
      .catch(() => false);
    if (!up) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: up ? 'ok' : 'error',
      database: up ? 'up' : 'down',
      databaseKind: this.lifecycle.kind,
      version: this.config.version,
    };
  }
}
