import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateClinicRequest, UpdateClinicRequest } from '@rehabit/contracts';
import { IsDefined, IsEmail, IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword } from '../../auth/password.validator';
import { IsNotBlank, IsOptionalNonNull, IsTimeZone, IsNestedObject } from '../../http/validators';

export class ClinicAdminDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @IsAcceptablePassword()
  password: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(120)
  displayName: string;
}

export class CreateClinicDto implements CreateClinicRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timezone: string;

  @ApiProperty({ type: ClinicAdminDto })
  @IsDefined()
  @IsNestedObject(() => ClinicAdminDto)
  admin: ClinicAdminDto;
}

export class UpdateClinicDto implements UpdateClinicRequest {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    description:
      'Clinical thresholds, any subset: pain {points, percent}, odi {points, percent, maxSkipped}, painSpike {points, windowDays}, missedSessions {consecutiveDueDays}',
  })
  @IsOptionalNonNull()
  @IsObject()
  thresholds?: UpdateClinicRequest['thresholds'];
}
