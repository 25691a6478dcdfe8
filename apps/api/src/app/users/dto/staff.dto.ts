import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateStaffRequest, StaffRole, UpdateStaffRequest } from '@rehabit/contracts';
import { IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination';
import { IsNotBlank, IsOptionalNonNull } from '../../http/validators';

const STAFF_ROLES: StaffRole[] = ['therapist', 'admin'];

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, { message: 'role must be therapist or admin' })
  role: StaffRole;
}

export class UpdateStaffDto implements UpdateStaffRequest {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MinLength(1)
  @IsNotBlank()
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptionalNonNull()
  @IsIn(STAFF_ROLES, { message: 'role must be therapist or admin' })
  role?: StaffRole;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  active?: boolean;
}

export class StaffQueryDto extends PageQueryDto {}
