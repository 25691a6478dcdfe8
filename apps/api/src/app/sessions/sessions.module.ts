import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { SessionAccess } from './session-access';
import { PatientSessionsController, SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Exercise session logs: logged, corrected and softly deleted, every version kept. */
@Module({
  imports: [PatientsModule],
  controllers: [PatientSessionsController, SessionsController],
  providers: [SessionsService, SessionAccess],
  exports: [SessionsService],
})
export class SessionsModule {}
