import { Module } from '@nestjs/common';
import { BuiltInCatalog } from './built-in-catalog';
import { ExercisesController } from './exercises.controller';
import { ExercisesService } from './exercises.service';
import { PlanTemplatesController } from './plan-templates.controller';
import { PlanTemplatesService } from './plan-templates.service';

/** The exercise library: built-in and clinic exercises, and the plan templates built from them. */
@Module({
  controllers: [ExercisesController, PlanTemplatesController],
  providers: [ExercisesService, PlanTemplatesService, BuiltInCatalog],
  exports: [ExercisesService, PlanTemplatesService, BuiltInCatalog],
})
export class ExercisesModule {}
