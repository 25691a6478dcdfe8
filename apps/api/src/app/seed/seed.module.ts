import { Module } from '@nestjs/common';
import { MeasuresModule } from '../measures/measures.module';
import { PainModule } from '../pain/pain.module';
import { PlansModule } from '../plans/plans.module';
import { SessionsModule } from '../sessions/sessions.module';
import { DemoHistory } from './demo-history';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [PlansModule, SessionsModule, PainModule, MeasuresModule],
  providers: [DemoSeedService, DemoHistory],
})
export class SeedModule {}
