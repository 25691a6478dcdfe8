import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateMeasureRequest, MeasureQuery } from '@rehabit/contracts';
import {
  MEASURE_SIDES,
  MEASURE_TYPES,
  ODI_SECTIONS,
  type LocalDate,
  type MeasureSide,
  type MeasureType,
} from '@rehabit/domain';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../http/pagination';
import { IsCalendarDate } from '../../http/validators';

// Shapes and vocabulary (400). Which fields a type takes, ranges, answers 0–5 and dates not in
// the future are `validateMeasure` and `scoreOdi` in @rehabit/domain (422 naming the field).

export class CreateMeasureDto implements CreateMeasureRequest {
  @ApiProperty({ enum: MEASURE_TYPES })
  @IsIn(MEASURE_TYPES)
  type: MeasureType;

  @ApiProperty({
    example: '2026-03-01',
    description: "A date in the patient's zone, not in the future",
  })
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  recordedOn: LocalDate;

  @ApiPropertyOptional({
    enum: MEASURE_SIDES,
    description: 'Required for slr and ake, refused for the others',
  })
  @IsOptional()
  @IsIn(MEASURE_SIDES)
  side?: MeasureSide;

  @ApiPropertyOptional({
    description:
      'Flexibility tests: degrees (slr, ake, 0–180) or cm past the toes (sit_and_reach, −100 to 100)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 5, nullable: true },
    minItems: ODI_SECTIONS.length,
    maxItems: ODI_SECTIONS.length,
    description: `odi: one answer per section (${ODI_SECTIONS.join(', ')}), 0–5, or null when skipped`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ODI_SECTIONS.length)
  answers?: (number | null)[];
}

export class MeasureQueryDto extends PageQueryDto implements MeasureQuery {
  @ApiPropertyOptional({ enum: MEASURE_TYPES })
  @IsOptional()
  @IsIn(MEASURE_TYPES)
  type?: MeasureType;

  @ApiPropertyOptional({ description: 'First date measured, included' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  from?: LocalDate;

  @ApiPropertyOptional({ description: 'Last date measured, included' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  to?: LocalDate;
}
