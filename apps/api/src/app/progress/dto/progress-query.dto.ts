import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ProgressQuery } from '@rehabit/contracts';
import type { LocalDate } from '@rehabit/domain';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../http/validators';

/** Shapes only (400); the order of the two and the span are checked by the service (400 too). */
export class ProgressQueryDto implements ProgressQuery {
  @ApiPropertyOptional({
    description: "First local date (patient's zone), included; 12 weeks before `to` by default",
    example: '2026-09-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  from?: LocalDate;

  @ApiPropertyOptional({
    description: "Last local date (patient's zone), included; the patient's today by default",
    example: '2026-11-24',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  to?: LocalDate;
}
