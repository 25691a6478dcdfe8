import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CreateExerciseRequest,
  DosageInput,
  ExerciseQuery,
  ScheduleInput,
  UpdateExerciseRequest,
} from '@rehabit/contracts';
import {
  BODY_REGIONS,
  DOSAGE_LIMITS,
  EXERCISE_CATEGORIES,
  EXERCISE_LIMITS,
  SCHEDULE_LIMITS,
  SIDES,
  type BodyRegion,
  type ExerciseCategory,
  type IsoWeekday,
  type Side,
} from '@rehabit/domain';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../http/pagination';
import { IsNestedObject } from '../../http/validators';

// Shapes only (400). Ranges, enums and required lists are checked by validateExerciseInput in
// @rehabit/domain (422), so the API and the portal give the same messages.

export class DosageDto implements DosageInput {
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

  @ApiPropertyOptional({
    minimum: DOSAGE_LIMITS.restSeconds.min,
    maximum: DOSAGE_LIMITS.restSeconds.max,
  })
  @IsOptional()
  @IsInt()
  restSeconds?: number;

  @ApiPropertyOptional({ enum: SIDES })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  side?: Side;
}

export class ScheduleDto implements ScheduleInput {
  @ApiPropertyOptional({ type: [Number], description: 'ISO weekdays; give this or timesPerWeek' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SCHEDULE_LIMITS.daysOfWeek.max)
  @IsInt({ each: true })
  daysOfWeek?: IsoWeekday[];

  @ApiPropertyOptional({
    minimum: SCHEDULE_LIMITS.timesPerWeek.min,
    maximum: SCHEDULE_LIMITS.timesPerWeek.max,
  })
  @IsOptional()
  @IsInt()
  timesPerWeek?: number;

  @ApiPropertyOptional({
    minimum: SCHEDULE_LIMITS.timesPerDay.min,
    maximum: SCHEDULE_LIMITS.timesPerDay.max,
  })
  @IsOptional()
  @IsInt()
  timesPerDay?: number;
}

export class CreateExerciseDto implements CreateExerciseRequest {
  @ApiProperty({ maxLength: EXERCISE_LIMITS.name })
  @IsString()
  @MaxLength(EXERCISE_LIMITS.name)
  name: string;

  @ApiProperty({ enum: EXERCISE_CATEGORIES })
  @IsString()
  @MaxLength(32)
  category: ExerciseCategory;

  @ApiProperty({ enum: BODY_REGIONS, isArray: true })
  @IsArray()
  @ArrayMaxSize(EXERCISE_LIMITS.regions.max)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  regions: BodyRegion[];

  @ApiProperty({ type: [String], maxItems: EXERCISE_LIMITS.steps.max })
  @IsArray()
  @ArrayMaxSize(EXERCISE_LIMITS.steps.max)
  @IsString({ each: true })
  @MaxLength(EXERCISE_LIMITS.step, { each: true })
  instructions: string[];

  @ApiPropertyOptional({ type: [String], maxItems: EXERCISE_LIMITS.cautions.max })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EXERCISE_LIMITS.cautions.max)
  @IsString({ each: true })
  @MaxLength(EXERCISE_LIMITS.caution, { each: true })
  cautions?: string[];

  @ApiPropertyOptional({ type: DosageDto, nullable: true })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsNestedObject(() => DosageDto)
  defaultDosage?: DosageDto | null;

  @ApiPropertyOptional({ type: ScheduleDto, description: '3 times a week when not given' })
  @IsOptional()
  @IsNestedObject(() => ScheduleDto)
  defaultSchedule?: ScheduleDto;
}

export class UpdateExerciseDto implements UpdateExerciseRequest {
  @ApiPropertyOptional({ maxLength: EXERCISE_LIMITS.name })
  @IsOptional()
  @IsString()
  @MaxLength(EXERCISE_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ enum: EXERCISE_CATEGORIES })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  category?: ExerciseCategory;

  @ApiPropertyOptional({ enum: BODY_REGIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EXERCISE_LIMITS.regions.max)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  regions?: BodyRegion[];

  @ApiPropertyOptional({ type: [String], maxItems: EXERCISE_LIMITS.steps.max })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EXERCISE_LIMITS.steps.max)
  @IsString({ each: true })
  @MaxLength(EXERCISE_LIMITS.step, { each: true })
  instructions?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: EXERCISE_LIMITS.cautions.max })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EXERCISE_LIMITS.cautions.max)
  @IsString({ each: true })
  @MaxLength(EXERCISE_LIMITS.caution, { each: true })
  cautions?: string[];

  @ApiPropertyOptional({ type: DosageDto, nullable: true })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsNestedObject(() => DosageDto)
  defaultDosage?: DosageDto | null;

  @ApiPropertyOptional({ type: ScheduleDto })
  @IsOptional()
  @IsNestedObject(() => ScheduleDto)
  defaultSchedule?: ScheduleDto;
}

export class ExerciseQueryDto extends PageQueryDto implements ExerciseQuery {
  @ApiPropertyOptional({ enum: EXERCISE_CATEGORIES })
  @IsOptional()
  @IsIn(EXERCISE_CATEGORIES)
  category?: ExerciseCategory;

  @ApiPropertyOptional({ enum: BODY_REGIONS })
  @IsOptional()
  @IsIn(BODY_REGIONS)
  region?: BodyRegion;

  @ApiPropertyOptional({ description: 'Text search in the name and instructions', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  q?: string;
}
