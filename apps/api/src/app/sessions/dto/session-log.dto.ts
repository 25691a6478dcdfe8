import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CreateSessionLogRequest,
  DeleteSessionLogRequest,
  SessionLogItemInput,
  SessionLogQuery,
  UpdateSessionLogRequest,
} from '@rehabit/contracts';
import {
  DOSAGE_LIMITS,
  DONE_CAP_FACTOR,
  PAIN_SCALE,
  PLAN_LIMITS,
  SESSION_LIMITS,
  type LocalDate,
} from '@rehabit/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../http/pagination';
import { IsCalendarDate } from '../../http/validators';

// Shapes only (400): types, lengths, real dates. Clinical rules — pain 0–10, the 2× cap on what
// was done, items of the revision in force, the logging window — are @rehabit/domain's
// validateSessionLog and the service's (422 naming the field).

const CAP = `at most ${DONE_CAP_FACTOR}× the prescribed amount`;
const nullOrAbsent = (_object: object, value: unknown) => value !== null && value !== undefined;

export class SessionLogItemDto implements SessionLogItemInput {
  @ApiProperty({ maxLength: PLAN_LIMITS.id, description: 'An item of the revision in force' })
  @IsString()
  @MaxLength(PLAN_LIMITS.id)
  planItemId: string;

  @ApiProperty()
  @IsBoolean()
  completed: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: DONE_CAP_FACTOR * DOSAGE_LIMITS.sets.max,
    description: CAP,
  })
  @IsOptional()
  @IsInt()
  setsDone?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: DONE_CAP_FACTOR * DOSAGE_LIMITS.reps.max,
    description: CAP,
  })
  @IsOptional()
  @IsInt()
  repsDone?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: DONE_CAP_FACTOR * DOSAGE_LIMITS.holdSeconds.max,
    description: CAP,
  })
  @IsOptional()
  @IsInt()
  holdSecondsDone?: number;
}

export class CreateSessionLogDto implements CreateSessionLogRequest {
  @ApiProperty({
    example: '2026-05-04',
    description:
      "A day in the patient's time zone: patients today or the 7 days before, staff any past day, never the future",
  })
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  performedOn: LocalDate;

  @ApiPropertyOptional({
    maxLength: PLAN_LIMITS.id,
    description:
      "Must be the revision in force on performedOn of one of the patient's plans; by default the revision holding the first item",
  })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_LIMITS.id)
  planRevisionId?: string;

  @ApiPropertyOptional({ minimum: PAIN_SCALE.min, maximum: PAIN_SCALE.max })
  @IsOptional()
  @IsInt()
  painBefore?: number;

  @ApiPropertyOptional({ minimum: PAIN_SCALE.min, maximum: PAIN_SCALE.max })
  @IsOptional()
  @IsInt()
  painAfter?: number;

  @ApiPropertyOptional({
    minimum: SESSION_LIMITS.durationMinutes.min,
    maximum: SESSION_LIMITS.durationMinutes.max,
  })
  @IsOptional()
  @IsInt()
  durationMinutes?: number;

  @ApiPropertyOptional({ maxLength: SESSION_LIMITS.notes })
  @IsOptional()
  @IsString()
  @MaxLength(SESSION_LIMITS.notes)
  notes?: string;

  @ApiProperty({
    type: [SessionLogItemDto],
    minItems: SESSION_LIMITS.items.min,
    maxItems: SESSION_LIMITS.items.max,
    description: 'Items of one plan; each plan item at most once',
  })
  @IsArray()
  @ArrayMaxSize(SESSION_LIMITS.items.max)
  @ValidateNested({ each: true })
  @Type(() => SessionLogItemDto)
  items: SessionLogItemDto[];
}

export class UpdateSessionLogDto implements UpdateSessionLogRequest {
  @ApiPropertyOptional({
    minimum: 1,
    description: "The session's version the change was made on; another version answers 409",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    example: '2026-05-04',
    description: 'Moving a session re-checks its items against the revision in force that day',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  performedOn?: LocalDate;

  @ApiPropertyOptional({ minimum: PAIN_SCALE.min, maximum: PAIN_SCALE.max, nullable: true })
  @ValidateIf(nullOrAbsent)
  @IsInt()
  painBefore?: number | null;

  @ApiPropertyOptional({ minimum: PAIN_SCALE.min, maximum: PAIN_SCALE.max, nullable: true })
  @ValidateIf(nullOrAbsent)
  @IsInt()
  painAfter?: number | null;

  @ApiPropertyOptional({
    minimum: SESSION_LIMITS.durationMinutes.min,
    maximum: SESSION_LIMITS.durationMinutes.max,
    nullable: true,
  })
  @ValidateIf(nullOrAbsent)
  @IsInt()
  durationMinutes?: number | null;

  @ApiPropertyOptional({ maxLength: SESSION_LIMITS.notes, nullable: true })
  @ValidateIf(nullOrAbsent)
  @IsString()
  @MaxLength(SESSION_LIMITS.notes)
  notes?: string | null;

  @ApiPropertyOptional({
    type: [SessionLogItemDto],
    maxItems: SESSION_LIMITS.items.max,
    description: 'Replaces the whole list',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SESSION_LIMITS.items.max)
  @ValidateNested({ each: true })
  @Type(() => SessionLogItemDto)
  items?: SessionLogItemDto[];
}

export const DELETE_REASON_MAX = 500;

export class DeleteSessionLogDto implements DeleteSessionLogRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: DELETE_REASON_MAX,
    example: 'Logged twice by mistake',
    description: 'Why the session is deleted; kept with the deleted version',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(DELETE_REASON_MAX)
  reason: string;
}

export class SessionLogQueryDto extends PageQueryDto implements SessionLogQuery {
  @ApiPropertyOptional({ example: '2026-05-01', description: 'First performedOn day, included' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  from?: LocalDate;

  @ApiPropertyOptional({ example: '2026-05-31', description: 'Last performedOn day, included' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  to?: LocalDate;
}
