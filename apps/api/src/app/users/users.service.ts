import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateStaffResponse, Page, StaffMember } from '@rehabit/contracts';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InvitationsService } from '../auth/invitations.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { SessionsService } from '../auth/sessions.service';
import { isUniqueViolation } from '../database/errors';
import { cursorAtSql, decodeCursor, pageOf } from '../http/pagination';
import { Problem, ValidationProblem } from '../http/problem';
import type { CreateStaffDto, StaffQueryDto, UpdateStaffDto } from './dto/staff.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async listStaff(principal: Principal, query: StaffQueryDto): Promise<Page<StaffMember>> {
    const after = decodeCursor(query.cursor);
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash IS NOT NULL', 'activated')
      .addSelect(cursorAtSql('"user"."created_at"'), 'cursor_at')
      .where('user.clinicId = :clinicId', { clinicId: principal.clinicId })
      .andWhere(`user.role IN ('admin', 'therapist')`)
      .orderBy('user.createdAt', 'DESC')
      .addOrderBy('user.id', 'DESC')
      .take(query.limit + 1);
    if (after) builder.andWhere('(user.createdAt, user.id) < (:at, :id)', after);
    const { entities, raw } = await builder.getRawAndEntities<{
      activated: boolean;
      cursor_at: string;
    }>();
    const rows = entities.map((user, index) => ({ user, ...raw[index] }));
    return pageOf(
      rows,
      query.limit,
      ({ user, cursor_at }) => ({ at: cursor_at, id: user.id }),
      ({ user, activated }) => toStaffMember(user, activated),
    );
  }

  async createStaff(
    principal: Principal,
    body: CreateStaffDto,
    meta: RequestMeta,
  ): Promise<CreateStaffResponse> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(
          manager.create(User, {
            clinicId: principal.clinicId,
            email: body.email.trim(),
            displayName: body.displayName.trim(),
            role: body.role,
            passwordHash: null,
            active: true,
          }),
        );
        const invitation = await this.invitations.create(
          manager,
          principal.clinicId,
          user.id,
          principal.userId,
        );
        await this.audit.record(
          {
            action: 'staff.invited',
            clinicId: principal.clinicId,
            actor: principal,
            entityType: 'user',
            entityId: user.id,
            meta,
            detail: { role: user.role },
          },
          manager,
        );
        return { ...toStaffMember(user, false), invitation };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  async updateStaff(
    principal: Principal,
    id: string,
    body: UpdateStaffDto,
    meta: RequestMeta,
  ): Promise<StaffMember> {
    // Checked before the transaction, so the refusal's audit event is not rolled back with it.
    const inScope = await this.dataSource.getRepository(User).exists({
      where: { id, clinicId: principal.clinicId, role: In(['admin', 'therapist']) },
    });
    if (!inScope) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        clinicId: principal.clinicId,
        actor: principal,
        entityType: 'user',
        entityId: id,
        meta,
        detail: { reason: 'not_found_in_scope' },
      });
      throw new NotFoundException('No staff member with this id in your clinic.');
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, {
        where: { id, clinicId: principal.clinicId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user || user.role === 'patient')
        throw new NotFoundException('No staff member with this id in your clinic.');
      const losesAdmin =
        user.role === 'admin' &&
        user.active &&
        (body.role === 'therapist' || body.active === false);
      if (
        losesAdmin &&
        (await this.otherActiveAdmins(manager, principal.clinicId, user.id)) === 0
      ) {
        throw new Problem(
          HttpStatus.CONFLICT,
          'A clinic needs at least one active administrator: appoint another one first.',
        );
      }
      const changes: Partial<Pick<User, 'displayName' | 'role' | 'active'>> = {
        ...(body.displayName !== undefined && { displayName: body.displayName.trim() }),
        ...(body.role !== undefined && { role: body.role }),
        ...(body.active !== undefined && { active: body.active }),
      };
      await manager.update(User, { id: user.id }, changes);
      // Deactivation and a change of role both end every sign-in now, not at token expiry.
      if (body.active === false || (body.role !== undefined && body.role !== user.role)) {
        await this.sessions.revokeAllForUser(
          user.id,
          body.active === false ? 'deactivated' : 'role_changed',
          manager,
        );
      }
      await this.audit.record(
        {
          action: 'staff.updated',
          clinicId: principal.clinicId,
          actor: principal,
          entityType: 'user',
          entityId: user.id,
          meta,
          detail: { changed: Object.keys(changes) },
        },
        manager,
      );
      const activated = (
        await manager.query(
          `SELECT password_hash IS NOT NULL AS activated FROM app_user WHERE id = $1`,
          [user.id],
        )
      )[0].activated;
      return toStaffMember({ ...user, ...changes }, activated);
    });
  }

  private async otherActiveAdmins(
    manager: EntityManager,
    clinicId: string,
    exceptId: string,
  ): Promise<number> {
    const rows = await manager.query(
      `SELECT count(*)::int AS n FROM app_user WHERE clinic_id = $1 AND role = 'admin' AND active AND id <> $2`,
      [clinicId, exceptId],
    );
    return rows[0].n;
  }
}

export function emailTaken(field = 'email'): ValidationProblem {
  return new ValidationProblem(
    [{ field, message: 'an account with this email already exists' }],
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

export function toStaffMember(user: User, activated: boolean): StaffMember {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role as StaffMember['role'],
    active: user.active,
    activated,
    createdAt: user.createdAt.toISOString(),
  };
}
