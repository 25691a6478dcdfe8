import { Module } from '@nestjs/common';
import { ExercisesModule } from '../exercises/exercises.module';
import { PatientsModule } from '../patients/patients.module';
import { PlanAccess } from './plan-access';
import { PatientPlansController, PlansController } from './plans.controller';
import { PlansService } from './plans.service';
import { TodayService } from './today.service';

/** Patients' plans: creation, revisions, status, and what is due on a day. */
@Module({
  imports: [PatientsModule, ExercisesModule],
  controllers: [PatientPlansController, PlansController],
  providers: [PlansService, PlanAccess, TodayService],
  exports: [PlanAccess, PlansService],
})
export class PlansModule {}
