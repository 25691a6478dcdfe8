import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type {
  Page,
  Plan,
  PlanRevision,
  PlanRevisionWithWarnings,
  PlanWithWarnings,
  TodayResponse,
} from '@rehabit/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { ApiEntityTag, ApiIfMatch, IfMatch, sendEntityTag } from '../http/entity-tags';
import { PageQueryDto } from '../http/pagination';
import {
  CreatePlanDto,
  CreatePlanRevisionDto,
  TodayQueryDto,
  UpdatePlanStatusDto,
} from './dto/plan.dto';
import { PlansService } from './plans.service';
import { TodayService } from './today.service';

const PATIENT_ID = { name: 'id', description: "A patient id, or 'me' for the signed-in patient" };

/** Plans reached through their patient: /patients/:id/plans and /patients/:id/today. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('patients/:id')
export class PatientPlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly today: TodayService,
  ) {}

  @Post('plans')
  @Roles('therapist')
  @ApiParam(PATIENT_ID)
  @ApiOperation({ summary: 'Creates a plan from items or a template; warnings never refuse' })
  create(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreatePlanDto,
    @Meta() meta: RequestMeta,
  ): Promise<PlanWithWarnings> {
    return this.plans.create(principal, id, body, meta);
  }

  @Get('plans')
  @ApiParam(PATIENT_ID)
  @ApiOperation({ summary: "The patient's plans, newest first, with their current revisions" })
  list(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<Plan>> {
    return this.plans.list(principal, id, query, meta);
  }

  @Get('today')
  @ApiParam(PATIENT_ID)
  @ApiOperation({ summary: "What is due on a day in the patient's time zone" })
  dueToday(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: TodayQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<TodayResponse> {
    return this.today.dueOn(principal, id, query.date, meta);
  }
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get(':id')
  @ApiEntityTag()
  async get(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Plan> {
    return sendEntityTag(response, await this.plans.get(principal, id, meta));
  }

  @Get(':id/revisions')
  @ApiOperation({ summary: 'Every revision, newest first, with its own items, author and note' })
  revisions(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<PlanRevision>> {
    return this.plans.revisions(principal, id, query, meta);
  }

  @Post(':id/revisions')
  @Roles('therapist')
  @ApiOperation({
    summary: 'Revises the plan; a basedOnRevision that is not the latest answers 409',
  })
  revise(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreatePlanRevisionDto,
    @Meta() meta: RequestMeta,
  ): Promise<PlanRevisionWithWarnings> {
    return this.plans.revise(principal, id, body, meta);
  }

  @Patch(':id')
  @Roles('therapist')
  @ApiOperation({ summary: 'Pauses, resumes or completes the plan (audited)' })
  @ApiIfMatch()
  @ApiEntityTag()
  async changeStatus(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdatePlanStatusDto,
    @IfMatch() ifMatch: string | undefined,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Plan> {
    return sendEntityTag(
      response,
      await this.plans.changeStatus(principal, id, body, ifMatch, meta),
    );
  }
}
