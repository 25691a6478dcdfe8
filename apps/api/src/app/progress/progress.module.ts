import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { ProgressController } from './progress.controller';
import { ProgressService } from './progress.service';

/** A patient's progress: pain, self-reported adherence and measures against their baselines. */
@Module({
  imports: [PatientsModule],
  controllers: [ProgressController],
  providers: [ProgressService],
})
export class ProgressModule {}
