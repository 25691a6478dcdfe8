import { ApiPropertyOptional } from '@nestjs/swagger';
import type { AlertQuery } from '@rehabit/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../http/pagination';

export const ALERT_STATUSES = ['open', 'acknowledged'] as const;

export class AlertQueryDto extends PageQueryDto implements AlertQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: 'Both when not given' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({ description: "One patient's alerts" })
  @IsOptional()
  @IsUUID()
  patientId?: string;
}
