import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { PatientsModule } from '../patients/patients.module';
import { PainController, PatientPainController } from './pain.controller';
import { PainService } from './pain.service';

/** Daily pain entries, with the red-flag and pain-spike alerts they raise. */
@Module({
  imports: [PatientsModule, AlertsModule],
  controllers: [PatientPainController, PainController],
  providers: [PainService],
  exports: [PainService],
})
export class PainModule {}
