import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PlanItemInput } from '@rehabit/contracts';
import {
  DOSAGE_LIMITS,
  PLAN_LIMITS,
  SCHEDULE_LIMITS,
  SIDES,
  type IsoWeekday,
  type Side,
} from '@rehabit/domain';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * The shape of one plan item (400 when wrong). Ranges, enums and the either-or schedule are
 * clinical rules: `validatePlanItemInput` in @rehabit/domain checks them (422, same messages as
 * the portal).
 */
export class PlanItemDto implements PlanItemInput {
  @ApiProperty({ maxLength: PLAN_LIMITS.id, example: 'supine-hamstring-strap' })
  @IsString()
  @MaxLength(PLAN_LIMITS.id)
  exerciseId: string;

  @ApiProperty({ minimum: DOSAGE_LIMITS.sets.min, maximum: DOSAGE_LIMITS.sets.max })
  @IsInt()
  sets: number;

  @ApiPropertyOptional({ minimum: DOSAGE_LIMITS.reps.min, maximum: DOSAGE_LIMITS.reps.max })
  @IsOptional()
  @IsInt()
  reps?: number;

  @ApiPropertyOptional({
    minimum: DOSAGE_LIMITS.holdSeconds.min,
    maximum: DOSAGE_LIMITS.holdSeconds.max,
  })
  @IsOptional()
  @IsInt()
  holdSeconds?: number;

  @ApiPropertyOptional({ enum: SIDES })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  side?: Side;

  @ApiPropertyOptional({
    type: [Number],
    description: 'ISO weekdays, 1 (Monday) to 7 (Sunday); give this or timesPerWeek',
    example: [1, 3, 5],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SCHEDULE_LIMITS.daysOfWeek.max)
  @IsInt({ each: true })
  daysOfWeek?: IsoWeekday[];

  @ApiPropertyOptional({
    minimum: SCHEDULE_LIMITS.timesPerWeek.min,
    maximum: SCHEDULE_LIMITS.timesPerWeek.max,
    description: 'Give this or daysOfWeek',
  })
  @IsOptional()
  @IsInt()
  timesPerWeek?: number;

  @ApiPropertyOptional({
    minimum: SCHEDULE_LIMITS.timesPerDay.min,
    maximum: SCHEDULE_LIMITS.timesPerDay.max,
    default: 1,
  })
  @IsOptional()
  @IsInt()
  timesPerDay?: number;

  @ApiPropertyOptional({ maxLength: PLAN_LIMITS.itemNotes })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_LIMITS.itemNotes)
  notes?: string;
}
