import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { CreatePatientResponse, Page, Patient, PatientListItem } from '@rehabit/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { ApiEntityTag, ApiIfMatch, IfMatch, sendEntityTag } from '../http/entity-tags';
import { CreatePatientDto, PatientQueryDto, UpdatePatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Roles('therapist', 'admin')
  create(
    @CurrentUser() principal: Principal,
    @Body() body: CreatePatientDto,
    @Meta() meta: RequestMeta,
  ): Promise<CreatePatientResponse> {
    return this.patients.create(principal, body, meta);
  }

  @Get()
  @Roles('therapist', 'admin')
  list(
    @CurrentUser() principal: Principal,
    @Query() query: PatientQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<PatientListItem>> {
    return this.patients.list(principal, query, meta);
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: "A patient id, or 'me' for the signed-in patient" })
  @ApiEntityTag()
  async get(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Patient> {
    return sendEntityTag(response, await this.patients.get(principal, id, meta));
  }

  @Patch(':id')
  @Roles('therapist', 'admin')
  @ApiIfMatch()
  @ApiEntityTag()
  async update(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdatePatientDto,
    @IfMatch() ifMatch: string | undefined,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Patient> {
    return sendEntityTag(response, await this.patients.update(principal, id, body, ifMatch, meta));
  }
}
