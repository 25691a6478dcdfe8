import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Measure, Page } from '@rehabit/contracts';
import { CurrentUser, Meta } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import { DeleteEntryDto } from '../pain/dto/pain.dto';
import { CreateMeasureDto, MeasureQueryDto } from './dto/measure.dto';
import { MeasuresService } from './measures.service';

const PATIENT_ID = { name: 'id', description: "A patient id, or 'me' for the signed-in patient" };

/** Measures reached through their patient: the patient, or staff of the clinic on their behalf. */
@ApiTags('measures')
@ApiBearerAuth()
@Controller('patients/:id/measures')
export class PatientMeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Post()
  @Idempotent()
  @ApiParam(PATIENT_ID)
  @ApiOperation({
    summary:
      'Records a measure; a questionnaire answers with its computed score, and too many skipped sections is 422',
  })
  create(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreateMeasureDto,
    @Meta() meta: RequestMeta,
  ): Promise<Measure> {
    return this.measures.create(principal, id, body, meta);
  }

  @Get()
  @ApiParam(PATIENT_ID)
  @ApiOperation({ summary: 'Measures, latest date first; filter by type and date range' })
  list(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: MeasureQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<Measure>> {
    return this.measures.list(principal, id, query, meta);
  }
}

@ApiTags('measures')
@ApiBearerAuth()
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Soft-deletes a measure with a reason (patient: own entries within 7 days; staff: any); kept and audited',
  })
  async remove(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: DeleteEntryDto,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.measures.remove(principal, id, body.reason, meta);
  }
}
