import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Clinic as ClinicView, CreateClinicResponse } from '@rehabit/contracts';
import { validateThresholds, type Thresholds } from '@rehabit/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher, passwordProblem } from '../auth/passwords';
import type { Principal, RequestMeta } from '../auth/principal';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Problem, ValidationProblem } from '../http/problem';
import { isUniqueViolation } from '../database/errors';
import { User } from '../users/user.entity';
import { toStaffMember } from '../users/users.service';
import { Clinic } from './clinic.entity';
import { thresholdsOf } from './clinic-thresholds';
import type { CreateClinicDto, UpdateClinicDto } from './dto/clinic.dto';

@Injectable()
export class ClinicsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /** A new clinic and its first administrator, in one transaction. */
  async signUp(body: CreateClinicDto, meta: RequestMeta): Promise<CreateClinicResponse> {
    if (!this.config.allowClinicSignup)
      throw new Problem(HttpStatus.FORBIDDEN, 'Clinic sign-up is turned off on this server.');
    const personal = passwordProblem(body.admin.password, [
      body.admin.email.split('@')[0],
      body.admin.displayName,
    ]);
    if (personal)
      throw new ValidationProblem([{ field: 'admin.password', message: `password ${personal}` }]);
    const passwordHash = await this.hasher.hash(body.admin.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const clinic = await manager.save(
          manager.create(Clinic, { name: body.name.trim(), timezone: body.timezone, settings: {} }),
        );
        const admin = await manager.save(
          manager.create(User, {
            clinicId: clinic.id,
            email: body.admin.email.trim(),
            displayName: body.admin.displayName.trim(),
            role: 'admin',
            passwordHash,
            active: true,
          }),
        );
        await this.audit.record(
          {
            action: 'clinic.created',
            clinicId: clinic.id,
            actor: { userId: admin.id, role: 'admin' },
            entityType: 'clinic',
            entityId: clinic.id,
            meta,
          },
          manager,
        );
        return { clinic: toClinicView(clinic), admin: toStaffMember(admin, true) };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ValidationProblem(
          [{ field: 'admin.email', message: 'an account with this email already exists' }],
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      throw error;
    }
  }

  async get(principal: Principal): Promise<ClinicView> {
    return toClinicView(
      await this.dataSource.getRepository(Clinic).findOneByOrFail({ id: principal.clinicId }),
    );
  }

  async update(
    principal: Principal,
    body: UpdateClinicDto,
    meta: RequestMeta,
  ): Promise<ClinicView> {
    return this.dataSource.transaction(async (manager) => {
      const clinic = await manager.findOneOrFail(Clinic, {
        where: { id: principal.clinicId },
        lock: { mode: 'pessimistic_write' },
      });
      const thresholds =
        body.thresholds === undefined ? undefined : mergedThresholds(clinic, body.thresholds);
      const changes = {
        ...(body.name !== undefined && { name: body.name.trim() }),
        ...(body.timezone !== undefined && { timezone: body.timezone }),
        ...(thresholds && { settings: { ...clinic.settings, thresholds } }),
      };
      await manager.update(Clinic, { id: clinic.id }, changes);
      await this.audit.record(
        {
          action: 'clinic.updated',
          clinicId: clinic.id,
          actor: principal,
          entityType: 'clinic',
          entityId: clinic.id,
          meta,
          detail: { changed: Object.keys(changes) },
        },
        manager,
      );
      return toClinicView({ ...clinic, ...changes });
    });
  }
}

export function toClinicView(clinic: Clinic): ClinicView {
  return {
    id: clinic.id,
    name: clinic.name,
    timezone: clinic.timezone,
    settings: { thresholds: thresholdsOf(clinic.settings) },
    createdAt: clinic.createdAt.toISOString(),
  };
}

/** A partial update laid over the current thresholds, validated by the domain rules. */
function mergedThresholds(clinic: Clinic, update: object): Thresholds {
  const current = thresholdsOf(clinic.settings) as unknown as Record<string, object>;
  const unknown = Object.entries(update).flatMap(([group, values]) =>
    !(group in current)
      ? [`thresholds.${group}`]
      : typeof values === 'object' && values !== null
        ? Object.keys(values)
            .filter((key) => !(key in current[group]))
            .map((key) => `thresholds.${group}.${key}`)
        : [],
  );
  if (unknown.length > 0) {
    throw new ValidationProblem(
      unknown.map((field) => ({
        field,
        message: `${field} is not a threshold this clinic can set`,
      })),
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  const merged = Object.fromEntries(
    Object.entries({ ...current, ...update }).map(([group, values]) => [
      group,
      typeof values === 'object' && values !== null && !Array.isArray(values)
        ? { ...current[group], ...values }
        : values,
    ]),
  );
  const result = validateThresholds(merged);
  if (!result.ok) {
    throw new ValidationProblem(
      result.errors.map((error) => ({ ...error, field: `thresholds.${error.field}` })),
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  return result.value;
}
