import { ApiProperty } from '@nestjs/swagger';
import type { AcceptInvitationRequest, LoginRequest } from '@rehabit/contracts';
import { PASSWORD_MAX_LENGTH } from '@rehabit/contracts';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword } from '../password.validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'therapist@clinic.example' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  // Any stored password is at most 128 characters; longer input is refused before hashing.
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'is not a valid invitation token' })
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @IsAcceptablePassword()
  password: string;
}
