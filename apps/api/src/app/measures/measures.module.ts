import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { MeasuresController, PatientMeasuresController } from './measures.controller';
import { MeasuresService } from './measures.service';

/** Flexibility tests and questionnaires (ODI), recorded by staff or answered by the patient. */
@Module({
  imports: [PatientsModule],
  controllers: [PatientMeasuresController, MeasuresController],
  providers: [MeasuresService],
  exports: [MeasuresService],
})
export class MeasuresModule {}
