import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, PlanTemplate } from '@rehabit/contracts';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { PageQueryDto } from '../http/pagination';
import { CreatePlanTemplateDto } from './dto/plan-template.dto';
import { PlanTemplatesService } from './plan-templates.service';

@ApiTags('plan-templates')
@ApiBearerAuth()
@Controller('plan-templates')
@Roles('therapist', 'admin')
export class PlanTemplatesController {
  constructor(private readonly templates: PlanTemplatesService) {}

  @Get()
  @ApiOperation({ summary: "The built-in templates and the clinic's own, by name" })
  list(
    @CurrentUser() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<Page<PlanTemplate>> {
    return this.templates.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Saves a named item list for the clinic' })
  create(
    @CurrentUser() principal: Principal,
    @Body() body: CreatePlanTemplateDto,
    @Meta() meta: RequestMeta,
  ): Promise<PlanTemplate> {
    return this.templates.create(principal, body, meta);
  }
}
