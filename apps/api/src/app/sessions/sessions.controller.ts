import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, SessionLog, SessionLogVersion } from '@rehabit/contracts';
import { CurrentUser, Meta, Roles } from '../auth/decorators';
import type { Principal, RequestMeta } from '../auth/principal';
import { PageQueryDto } from '../http/pagination';
import { Idempotent } from '../idempotency/idempotency.interceptor';
import {
  CreateSessionLogDto,
  DeleteSessionLogDto,
  SessionLogQueryDto,
  UpdateSessionLogDto,
} from './dto/session-log.dto';
import { SessionsService } from './sessions.service';

const PATIENT_ID = { name: 'id', description: "A patient id, or 'me' for the signed-in patient" };

/** Sessions reached through their patient: /patients/:id/sessions. */
@ApiTags('sessions')
@ApiBearerAuth()
@Controller('patients/:id')
export class PatientSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('sessions')
  @Idempotent()
  @ApiParam(PATIENT_ID)
  @ApiOperation({
    summary: 'Logs a session (the patient, or staff of the clinic on their behalf)',
    description:
      "All items must belong to the revision in force on performedOn of one of the patient's plans " +
      '(422 naming items[i].planItemId); done amounts are capped at twice the prescription. ' +
      'Patients log today and the 7 days before it in their time zone, staff any past day, nobody the future (422 naming performedOn). ' +
      'Paused or completed days may be logged and are marked by planStatus. ' +
      'With an Idempotency-Key, a repeat within 24 hours answers the first result (Idempotent-Replayed: true) and stores nothing; ' +
      'the same key with another body is 422, and one sent while the first is still running is 409.',
  })
  create(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreateSessionLogDto,
    @Meta() meta: RequestMeta,
  ): Promise<SessionLog> {
    return this.sessions.create(principal, id, body, meta);
  }

  @Get('sessions')
  @ApiParam(PATIENT_ID)
  @ApiOperation({
    summary: "The patient's sessions, latest performedOn first; deleted sessions are left out",
  })
  list(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: SessionLogQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<SessionLog>> {
    return this.sessions.list(principal, id, query, meta);
  }
}

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Patch(':id')
  @ApiOperation({
    summary: 'Corrects a session; the previous state stays in its history',
    description:
      'Patients correct their own sessions performed in the last 7 days (older: 403); staff any. ' +
      'Send the version you read: another version answers 409 and changes nothing. A deleted session answers 409.',
  })
  update(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateSessionLogDto,
    @Meta() meta: RequestMeta,
  ): Promise<SessionLog> {
    return this.sessions.update(principal, id, body, meta);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: DeleteSessionLogDto, description: 'The reason travels in a JSON body' })
  @ApiNoContentResponse({ description: 'Deleted (softly), or already deleted' })
  @ApiOperation({
    summary: 'Deletes a session softly, with who and why (JSON body { reason })',
    description:
      'The session leaves lists and counts but stays in its history. Patients delete their own sessions of the ' +
      'last 7 days (older: 403); staff any. Deleting a deleted session answers 204 again and stores nothing.',
  })
  async remove(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() body: DeleteSessionLogDto,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.sessions.remove(principal, id, body, meta);
  }

  @Get(':id/history')
  @Roles('therapist', 'admin')
  @ApiOperation({
    summary:
      'Every version of the session, oldest first, with who changed it, when and how (staff)',
  })
  history(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<Page<SessionLogVersion>> {
    return this.sessions.history(principal, id, query, meta);
  }
}
