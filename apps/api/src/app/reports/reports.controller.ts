import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ClinicDashboard, RtmReport } from '@rehabit/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { ReportRangeQueryDto, RtmQueryDto } from './dto/report-query.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('clinic')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('dashboard')
  @Roles('admin', 'therapist')
  @ApiOperation({
    summary:
      "The clinic's outcomes over a range: patients, self-reported adherence (mean, deciles), pain and ODI change, per-therapist rows",
  })
  dashboard(
    @CurrentUser() principal: Principal,
    @Query() query: ReportRangeQueryDto,
  ): Promise<ClinicDashboard> {
    return this.reports.dashboard(principal, query);
  }

  @Get('reports/progress.csv')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'One row a patient, streamed as CSV (audited as report.exported)' })
  async progressCsv(
    @CurrentUser() principal: Principal,
    @Query() query: ReportRangeQueryDto,
    @Meta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { filename, stream } = await this.reports.progressCsv(principal, query, meta);
    // Once rows are on their way the status is sent: a failure can only cut the download short.
    stream.on('error', () => reply.raw.destroy());
    reply
      .code(200)
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .send(stream);
  }

  @Get('reports/rtm')
  @Roles('admin', 'therapist')
  @ApiOperation({
    summary:
      'Remote therapeutic monitoring: per patient, days with data in the 30 days ending on the last day of the month, and the device-supply code',
  })
  rtm(
    @CurrentUser() principal: Principal,
    @Query() query: RtmQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<RtmReport> {
    return this.reports.rtm(principal, query.month, meta);
  }
}
