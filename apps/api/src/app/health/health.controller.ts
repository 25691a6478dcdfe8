import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthResponse, ReadinessResponse } from '@rehabit/contracts';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Public } from '../auth/decorators';
import { DatabaseLifecycle } from '../database/database.module';
import { GracefulShutdown } from './graceful-shutdown';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly lifecycle: DatabaseLifecycle,
    private readonly shutdown: GracefulShutdown,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The API and its database are up.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const up = await this.databaseUp();
    if (!up) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: up ? 'ok' : 'error',
      database: up ? 'up' : 'down',
      databaseKind: this.lifecycle.kind,
      version: this.config.version,
    };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Whether this instance takes traffic (for load balancers)' })
  @ApiOkResponse({ description: 'Send traffic here.' })
  @ApiServiceUnavailableResponse({
    description: 'Shutting down (from the first moment of a shutdown), or the database is down.',
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessResponse> {
    const status = this.shutdown.draining
      ? 'shutting_down'
      : (await this.databaseUp())
        ? 'ready'
        : 'database_down';
    if (status !== 'ready') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status };
  }

  private databaseUp(): Promise<boolean> {
    return this.health
      .check([() => this.database.pingCheck('database', { timeout: 2000 })])
      .then(() => true)
      .catch(() => false);
  }
}
