import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { pooledQuery } from '../database/pooled-query';
import { AuthSession, RefreshToken } from './auth-session.entity';
import {
  PATIENT_RECORD_COLUMNS,
  toPatient,
  type PatientRecordRow,
} from '../patients/patient-record';
import type { Principal } from './principal';
import { REFRESH_TOKEN_TTL_MS, SESSION_MAX_AGE_MS, hashToken, newOpaqueToken } from './tokens';

export type RotationResult =
  | { ok: true; userId: string; sessionId: string; refreshToken: string }
  | {
      ok: false;
      reason: 'unknown' | 'expired' | 'revoked' | 'reused';
      userId?: string;
      sessionId?: string;
    };

/** The caller's account, and the patient record's columns (all null for staff). */
type PrincipalRow = {
  principal_user_id: string;
  principal_clinic_id: string;
  role: Principal['role'];
  principal_display_name: string;
  email: string;
} & { [column in keyof PatientRecordRow]: PatientRecordRow[column] | null };

/** Sign-in sessions ("families") and their rotating refresh tokens. */
@Injectable()
export class SessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async start(userId: string, manager: EntityManager = this.dataSource.manager) {
    const session = await manager.save(
      manager.create(AuthSession, { userId, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_MS) }),
    );
    const refreshToken = await this.issueRefreshToken(session.id, manager);
    return { sessionId: session.id, refreshToken };
  }

  /**
   * Trades a refresh token for a new one. A token presented a second time means it was copied:
   * the whole family is revoked, the thief's and the owner's sign-ins alike.
   */
  rotate(presented: string): Promise<RotationResult> {
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshToken, {
        where: { tokenHash: hashToken(presented) },
      });
      if (!token) return { ok: false, reason: 'unknown' };
      const session = await manager.findOneOrFail(AuthSession, {
        where: { id: token.sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      const context = { userId: session.userId, sessionId: session.id };
      if (session.revokedAt) return { ok: false, reason: 'revoked', ...context };
      const claimed = await manager.update(
        RefreshToken,
        { id: token.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      if (claimed.affected !== 1) {
        await this.revokeWith(manager, session.id, 'refresh_reuse');
        return { ok: false, reason: 'reused', ...context };
      }
      if (token.expiresAt.getTime() <= Date.now() || session.expiresAt.getTime() <= Date.now()) {
        return { ok: false, reason: 'expired', ...context };
      }
      const refreshToken = await this.issueRefreshToken(session.id, manager);
      return { ok: true, refreshToken, ...context };
    });
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.revokeWith(this.dataSource.manager, sessionId, reason);
  }

  /** Ends every sign-in of a person at once (deactivation, password change). */
  async revokeAllForUser(
    userId: string,
    reason: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.update(
      AuthSession,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  /** The caller behind an access token, if their account and this sign-in are still valid. */
  async principal(userId: string, sessionId: string): Promise<Principal | null> {
    // Every authenticated request asks this: a plain pooled statement (see pooledQuery).
    const rows = await pooledQuery<PrincipalRow>(
      this.dataSource.manager,
      `SELECT u.id AS principal_user_id, u.clinic_id AS principal_clinic_id, u.role,
              u.display_name AS principal_display_name, u.email, ${PATIENT_RECORD_COLUMNS}
         FROM auth_session s
         JOIN app_user u ON u.id = s.user_id
         LEFT JOIN patient p ON p.user_id = u.id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND u.active AND (p.id IS NULL OR p.active)`,
      [sessionId, userId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      userId: row.principal_user_id,
      clinicId: row.principal_clinic_id,
      role: row.role,
      sessionId,
      displayName: row.principal_display_name,
      email: row.email,
      patientId: row.id,
      ...(row.id === null ? {} : { ownRecord: toPatient(row as PatientRecordRow) }),
    };
  }

  private async issueRefreshToken(sessionId: string, manager: EntityManager): Promise<string> {
    const token = newOpaqueToken();
    await manager.insert(RefreshToken, {
      sessionId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    });
    return token;
  }

  private async revokeWith(
    manager: EntityManager,
    sessionId: string,
    reason: string,
  ): Promise<void> {
    await manager.update(
      AuthSession,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }
}
