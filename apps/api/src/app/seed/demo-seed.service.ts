import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/passwords';
import { Clinic } from '../clinics/clinic.entity';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Patient } from '../patients/patient.entity';
import { DEMO_HISTORY_DAYS, DemoHistory, demoPrincipal, type DemoPerson } from './demo-history';
import { User } from '../users/user.entity';
import {
  DEMO_CLINIC_NAME,
  DEMO_PASSWORD,
  DEMO_PATIENTS,
  DEMO_STAFF,
  DEMO_TIMEZONE,
} from './demo-clinic';

/**
 * A newcomer's first start finds a clinic to look at: on an empty database (and never in
 * production) it creates a demo clinic with an admin, two therapists and twenty patients,
 * and prints how to sign in. SEED_DEMO=false turns it off.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly history: DemoHistory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || this.config.nodeEnv === 'production') return;
    if (await this.dataSource.getRepository(Clinic).exists()) return;
    this.logger.log(`Creating the demo clinic with ${DEMO_HISTORY_DAYS / 7} weeks of history`);
    await this.seed();
    this.logger.log(`Demo clinic "${DEMO_CLINIC_NAME}" created`);
    // Plain text, not a log line: this is what a newcomer reads in the terminal to sign in.
    console.log(
      [
        '',
        `Demo clinic "${DEMO_CLINIC_NAME}" created. Sign in with password ${DEMO_PASSWORD} as:`,
        ...DEMO_STAFF.map((account) => `  ${account.role.padEnd(9)} ${account.email}`),
        `  patients  ${DEMO_PATIENTS[0].email} … ${DEMO_PATIENTS[DEMO_PATIENTS.length - 1].email}`,
        'Turn this off with SEED_DEMO=false.',
        '',
      ].join('\n'),
    );
  }

  private async seed(): Promise<void> {
    // One hash for every demo account: they share the printed password.
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const people: DemoPerson[] = [];
    await this.dataSource.transaction(async (manager) => {
      const clinic = await manager.save(
        manager.create(Clinic, { name: DEMO_CLINIC_NAME, timezone: DEMO_TIMEZONE, settings: {} }),
      );
      const staff = new Map<string, User>();
      for (const account of DEMO_STAFF) {
        const user = await manager.save(
          manager.create(User, { ...account, clinicId: clinic.id, passwordHash, active: true }),
        );
        staff.set(account.email, user);
      }
      for (const demo of DEMO_PATIENTS) {
        const user = await manager.save(
          manager.create(User, {
            clinicId: clinic.id,
            email: demo.email,
            displayName: demo.displayName,
            role: 'patient',
            passwordHash,
            active: true,
          }),
        );
        const therapist = staff.get(demo.therapistEmail) as User;
        const patient = await manager.save(
          manager.create(Patient, {
            clinicId: clinic.id,
            userId: user.id,
            therapistId: therapist.id,
            displayName: demo.displayName,
            timezone: demo.timezone,
            dateOfBirth: demo.dateOfBirth,
            condition: demo.condition,
            active: true,
          }),
        );
        people.push({
          patientId: patient.id,
          timezone: demo.timezone,
          principal: demoPrincipal({ ...principalFields(user), patientId: patient.id }),
          therapist: demoPrincipal({ ...principalFields(therapist), patientId: null }),
        });
      }
    });
    // After the accounts commit: the history goes through the services, each in its own
    // transaction, exactly as if the patients and therapists had logged it day by day.
    await this.history.write(people, new Date());
  }
}

function principalFields(user: User) {
  return {
    userId: user.id,
    clinicId: user.clinicId,
    role: user.role,
    displayName: user.displayName,
    email: user.email,
  };
}
