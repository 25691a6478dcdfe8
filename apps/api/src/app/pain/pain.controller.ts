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
import type { CreatePainEntryResponse, Page, PainEntry } from '@rehabit/contracts';
import { CurrentUser, Meta } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import { CreatePainEntryDto, DeleteEntryDto, PainQueryDto } from './dto/pain.dto';
import { PainService } from './pain.service';

const PATIENT_ID = { name: 'id', description: "A patient id, or 'me' for the signed-in patient" };

/** Pain reached through its patient: the patient, or staff of the clinic on their behalf. */
@ApiTags('pain')
@ApiBearerAuth()
@Controller('patients/:id/pain')
export class PatientPainController {
  constructor(private readonly pain: PainService) {}

  @Post()
  @Idempotent()
  @ApiParam(PATIENT_ID)
  @ApiOperation({
    summary:
      'Logs a pain score; a red flag opens an urgent alert at once and the answer carries urgent-care advice',
  })
  create(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreatePainEntryDto,
    @Meta() meta: RequestMeta,
  ): Promise<CreatePainEntryResponse> {
    return this.pain.create(principal, id, body, meta);
  }

  @Get()
  @ApiParam(PATIENT_ID)
  @ApiOperation({ summary: "Pain entries, newest first; from/to are the patient's local dates" })
  list(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: PainQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<PainEntry>> {
    return this.pain.list(principal, id, query, meta);
  }
}

@ApiTags('pain')
@ApiBearerAuth()
@Controller('pain')
export class PainController {
  constructor(private readonly pain: PainService) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Soft-deletes a pain entry with a reason (patient: own entries within 7 days; staff: any); kept and audited',
  })
  async remove(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: DeleteEntryDto,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.pain.remove(principal, id, body.reason, meta);
  }
}
