import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Clinic, CreateClinicResponse } from '@rehabit/contracts';
import { CurrentUser, Meta, Public, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { ClinicsService } from './clinics.service';
import { CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto';

@ApiTags('clinics')
@Controller()
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Public()
  @Post('clinics')
  @ApiOperation({ summary: 'Sign up a clinic with its first administrator (ALLOW_CLINIC_SIGNUP)' })
  signUp(@Body() body: CreateClinicDto, @Meta() meta: RequestMeta): Promise<CreateClinicResponse> {
    return this.clinics.signUp(body, meta);
  }

  @Get('clinic')
  @Roles('admin', 'therapist')
  @ApiBearerAuth()
  get(@CurrentUser() principal: Principal): Promise<Clinic> {
    return this.clinics.get(principal);
  }

  @Patch('clinic')
  @Roles('admin')
  @ApiBearerAuth()
  update(
    @CurrentUser() principal: Principal,
    @Body() body: UpdateClinicDto,
    @Meta() meta: RequestMeta,
  ): Promise<Clinic> {
    return this.clinics.update(principal, body, meta);
  }
}
