import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreatePlanTemplateRequest } from '@rehabit/contracts';
import { PLAN_LIMITS } from '@rehabit/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PlanItemDto } from './plan-item.dto';

export const TEMPLATE_DURATION_WEEKS = { min: 1, max: 104 } as const;

export class CreatePlanTemplateDto implements CreatePlanTemplateRequest {
  @ApiProperty({ maxLength: PLAN_LIMITS.title })
  @IsString()
  @MaxLength(PLAN_LIMITS.title)
  name: string;

  @ApiPropertyOptional({ maxLength: PLAN_LIMITS.goal })
  @IsOptional()
  @IsString()
  @MaxLength(PLAN_LIMITS.goal)
  goal?: string;

  @ApiPropertyOptional({
    minimum: TEMPLATE_DURATION_WEEKS.min,
    maximum: TEMPLATE_DURATION_WEEKS.max,
    nullable: true,
    description: 'Suggested length; plans made from the template end after it',
  })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsInt()
  durationWeeks?: number | null;

  @ApiProperty({ type: [PlanItemDto], maxItems: PLAN_LIMITS.items.max })
  @IsArray()
  @ArrayMaxSize(PLAN_LIMITS.items.max)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items: PlanItemDto[];
}
