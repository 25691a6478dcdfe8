import { Module } from '@nestjs/common';
import { AlertsSweepService } from './alerts-sweep.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

/**
 * Alerts: raised inside the transactions of the writes that trigger them, or by the hourly
 * missed-sessions sweep; listed and acknowledged by staff.
 */
@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsSweepService],
  exports: [AlertsService, AlertsSweepService],
})
export class AlertsModule {}
