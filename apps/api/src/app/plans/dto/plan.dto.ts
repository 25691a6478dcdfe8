import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CreatePlanRequest,
  CreatePlanRevisionRequest,
  UpdatePlanStatusRequest,
} from '@rehabit/contracts';
import { PLAN_LIMITS, PLAN_STATUSES, type LocalDate, type PlanStatus } from '@rehabit/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PlanItemDto } from '../../exercises/dto/plan-item.dto';
import { IsCalendarDate } from '../../http/validators';

// Shapes only (400). Clinical rules — dosage ranges, schedules, dates in order, exercises that
// exist — are @rehabit/domain's validators (422 naming the field).

export class CreatePlanDto implements CreatePlanRequest {
  @ApiPropertyOptional({
    maxLength: PLAN_LIMITS.title,
    description: "Required unless templateId is given (then the template's name)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_LIMITS.title)
  title?: string;

  @ApiPropertyOptional({ maxLength: PLAN_LIMITS.goal })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_LIMITS.goal)
  goal?: string;

  @ApiProperty({ example: '2026-05-04' })
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  startDate: LocalDate;

  @ApiPropertyOptional({
    nullable: true,
    description:
      "Last day, included. With a template and no endDate, the template's suggested length; null keeps the plan open-ended",
  })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  endDate?: LocalDate | null;

  @ApiPropertyOptional({ maxLength: 80, example: 'lbp-tight-hamstrings-starter' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  templateId?: string;

  @ApiPropertyOptional({
    type: [PlanItemDto],
    maxItems: PLAN_LIMITS.items.max,
    description: "Required unless templateId is given; replaces the template's items when both are",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PLAN_LIMITS.items.max)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items?: PlanItemDto[];
}

export class CreatePlanRevisionDto implements CreatePlanRevisionRequest {
  @ApiProperty({ description: 'The revision number the edit started from; not the latest → 409' })
  @IsInt()
  basedOnRevision: number;

  @ApiProperty({ type: [PlanItemDto], maxItems: PLAN_LIMITS.items.max })
  @IsArray()
  @ArrayMaxSize(PLAN_LIMITS.items.max)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items: PlanItemDto[];

  @ApiPropertyOptional({ maxLength: PLAN_LIMITS.note })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_LIMITS.note)
  note?: string;

  @ApiPropertyOptional({
    description:
      "First day the revision applies; defaults to the patient's today (or the current revision's start, if later)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  effectiveFrom?: LocalDate;
}

export class UpdatePlanStatusDto implements UpdatePlanStatusRequest {
  @ApiProperty({ enum: PLAN_STATUSES })
  @IsIn(PLAN_STATUSES)
  status: PlanStatus;
}

export class TodayQueryDto {
  @ApiPropertyOptional({ description: "A date in the patient's zone; today there by default" })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  date?: LocalDate;
}
