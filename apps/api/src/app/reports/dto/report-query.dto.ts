import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReportRangeQuery, RtmQuery } from '@rehabit/contracts';
import type { LocalDate } from '@rehabit/domain';
import { IsOptional, MaxLength } from 'class-validator';
import { IsCalendarDate, IsRecordMonth } from '../../http/validators';

export class ReportRangeQueryDto implements ReportRangeQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Defaults to 29 days before `to`' })
  @IsOptional()
  @MaxLength(10)
  @IsCalendarDate()
  from?: LocalDate;

  @ApiPropertyOptional({ example: '2026-01-31', description: 'Defaults to today (UTC)' })
  @IsOptional()
  @MaxLength(10)
  @IsCalendarDate()
  to?: LocalDate;
}

export class RtmQueryDto implements RtmQuery {
  @ApiProperty({
    example: '2026-03',
    description: 'The month whose last day ends the 30-day window',
  })
  @MaxLength(7)
  @IsRecordMonth()
  month: string;
}
