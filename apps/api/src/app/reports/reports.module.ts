import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Clinic dashboard, progress CSV and RTM report: figures computed in SQL over the patient_day roll-up (design: migration 1764000000007). */
@Module({
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
