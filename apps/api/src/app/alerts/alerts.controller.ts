import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Alert, Page } from '@rehabit/contracts';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { AlertsService } from './alerts.service';
import { AlertQueryDto } from './dto/alert-query.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles('therapist', 'admin')
  @ApiOperation({ summary: "The clinic's alerts, urgent first, then newest first (audited)" })
  list(
    @CurrentUser() principal: Principal,
    @Query() query: AlertQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<Alert>> {
    return this.alerts.list(principal, query, meta);
  }

  @Post(':id/acknowledge')
  @HttpCode(HttpStatus.OK)
  @Roles('therapist', 'admin')
  @ApiOperation({
    summary:
      'Acknowledges an open alert, recording who and when; the next occurrence opens a new one',
  })
  acknowledge(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Meta() meta: RequestMeta,
  ): Promise<Alert> {
    return this.alerts.acknowledge(principal, id, meta);
  }
}
