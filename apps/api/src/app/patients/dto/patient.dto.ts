import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreatePatientRequest, UpdatePatientRequest } from '@rehabit/contracts';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../http/pagination';
import { IsCalendarDate, IsNotBlank, IsOptionalNonNull, IsTimeZone } from '../../http/validators';

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(120)
  displayName: string;

  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ description: "IANA time zone; the clinic's when omitted" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: '1958-04-12' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'Defaults to the therapist creating the patient' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  condition?: string;
}

export class UpdatePatientDto implements UpdatePatientRequest {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsUUID()
  therapistId?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(500)
  condition?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  active?: boolean;
}

export class PatientQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text search in name and email' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  @ApiPropertyOptional({ enum: ['open'] })
  @IsOptional()
  @IsIn(['open'])
  alerts?: 'open';
}
