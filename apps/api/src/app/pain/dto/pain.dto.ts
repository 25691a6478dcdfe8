import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreatePainEntryRequest, DeleteEntryRequest, PainQuery } from '@rehabit/contracts';
import { PAIN_LIMITS, PAIN_SCALE, RED_FLAGS, type LocalDate, type RedFlag } from '@rehabit/domain';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../http/pagination';
import { IsCalendarDate } from '../../http/validators';

// Shapes only (400). The clinical rules — a whole score from 0 to 10, an instant with its
// offset and not in the future — are `validatePainEntry` in @rehabit/domain (422 naming the field).

export class CreatePainEntryDto implements CreatePainEntryRequest {
  @ApiProperty({
    maxLength: 40,
    example: '2026-03-01T08:30:00+01:00',
    description: 'ISO-8601 instant with its offset; at most 5 minutes in the future',
  })
  @IsString()
  @MaxLength(40)
  recordedAt: string;

  @ApiProperty({ minimum: PAIN_SCALE.min, maximum: PAIN_SCALE.max, type: 'integer' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  score: number;

  @ApiPropertyOptional({ maxLength: PAIN_LIMITS.context, example: 'After a long drive' })
  @IsOptional()
  @IsString()
  @MaxLength(PAIN_LIMITS.context)
  context?: string;

  @ApiPropertyOptional({
    enum: RED_FLAGS,
    isArray: true,
    maxItems: RED_FLAGS.length,
    description: 'Any answer opens an urgent red_flag alert and the answer carries `advice`',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RED_FLAGS.length)
  redFlags?: RedFlag[];
}

export class PainQueryDto extends PageQueryDto implements PainQuery {
  @ApiPropertyOptional({ description: "First local date (patient's zone), included" })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  from?: LocalDate;

  @ApiPropertyOptional({ description: "Last local date (patient's zone), included" })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  to?: LocalDate;
}

/** DELETE /pain/:id and DELETE /measures/:id. */
export class DeleteEntryDto implements DeleteEntryRequest {
  @ApiProperty({ maxLength: 500, example: 'Logged twice by mistake' })
  @IsString()
  @MaxLength(500)
  @Matches(/\S/, { message: 'reason must say why the entry is deleted' })
  reason: string;
}
