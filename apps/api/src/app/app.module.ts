import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClinicsModule } from './clinics/clinics.module';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import type { EmbeddedDatabase } from './database/embedded-database';
import { EmbeddedMaintenanceModule } from './database/embedded-maintenance';
import { ExercisesModule } from './exercises/exercises.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LoggingModule } from './logging/logging.module';
import { MeasuresModule } from './measures/measures.module';
import { PainModule } from './pain/pain.module';
import { PatientsModule } from './patients/patients.module';
import { PlansModule } from './plans/plans.module';
import { ProgressModule } from './progress/progress.module';
import { ReportsModule } from './reports/reports.module';
import { SeedModule } from './seed/seed.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, embedded: EmbeddedDatabase | null): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(config, embedded),
        ScheduleModule.forRoot(),
        EmbeddedMaintenanceModule,
        AuditModule,
        AuthModule,
        IdempotencyModule,
        HealthModule,
        ClinicsModule,
        UsersModule,
        PatientsModule,
        ExercisesModule,
        PlansModule,
        SessionsModule,
        PainModule,
        MeasuresModule,
        AlertsModule,
        ReportsModule,
        ProgressModule,
        SeedModule,
      ],
    };
  }
}
