import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ProgressResponse } from '@rehabit/contracts';
import { CurrentUser, Meta } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { ProgressQueryDto } from './dto/progress-query.dto';
import { ProgressService } from './progress.service';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('patients/:id/progress')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get()
  @ApiParam({ name: 'id', description: "A patient id, or 'me' for the signed-in patient" })
  @ApiOperation({
    summary:
      "Pain, self-reported adherence and measures over [from, to] (the patient's local dates; the last 12 weeks by default)",
  })
  get(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: ProgressQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<ProgressResponse> {
    return this.progress.progress(principal, id, query, meta);
  }
}
