import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AuditEventView, Page } from '@rehabit/contracts';
import { IsOptional, IsUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { PageQueryDto, decodeCursor, pageOf } from '../http/pagination';
import { AuditEvent } from './audit-event.entity';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  patientId?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('clinic/audit')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The clinic's audit trail, newest first. */
  @Get()
  @Roles('admin')
  async list(
    @CurrentUser() principal: Principal,
    @Query() query: AuditQueryDto,
  ): Promise<Page<AuditEventView>> {
    const after = decodeCursor(query.cursor, 'integer');
    const builder = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.clinicId = :clinicId', { clinicId: principal.clinicId })
      .orderBy('event.id', 'DESC')
      .take(query.limit + 1);
    if (query.patientId)
      builder.andWhere('event.patientId = :patientId', { patientId: query.patientId });
    // The id is an increasing identity, so it alone orders the trail; `at` keeps the cursor shape.
    if (after) builder.andWhere('event.id < :id', { id: after.id });
    const events = await builder.getMany();
    return pageOf(
      events,
      query.limit,
      (event) => ({ at: event.occurredAt.toISOString(), id: event.id }),
      toView,
    );
  }
}

function toView(event: AuditEvent): AuditEventView {
  return {
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    actorUserId: event.actorUserId,
    actorRole: event.actorRole as AuditEventView['actorRole'],
    action: event.action,
    outcome: event.outcome,
    patientId: event.patientId,
    entityType: event.entityType,
    entityId: event.entityId,
    ip: event.ip,
    requestId: event.requestId,
    detail: event.detail,
  };
}
