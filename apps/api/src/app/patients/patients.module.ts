import { Module } from '@nestjs/common';
import { PatientAccess } from './patient-access';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

@Module({
  controllers: [PatientsController],
  providers: [PatientsService, PatientAccess],
  exports: [PatientAccess],
})
export class PatientsModule {}
