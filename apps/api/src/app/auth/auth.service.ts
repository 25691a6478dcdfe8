import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthResponse, AuthUser } from '@rehabit/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Problem } from '../http/problem';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';
import { InvitationsService } from './invitations.service';
import { PasswordHasher, passwordProblem } from './passwords';
import type { Principal, RequestMeta } from './principal';
import { SessionsService } from './sessions.service';
import { ACCESS_TOKEN_TTL_SECONDS, ACCESS_TOKEN_TYPE, type AccessTokenClaims } from './tokens';
import { ValidationProblem } from '../http/problem';

export interface SignIn {
  response: AuthResponse;
  refreshToken: string;
}

/** One answer for every failed sign-in, so it tells nothing about which accounts exist. */
const INVALID_CREDENTIALS = 'The email or password is incorrect.';
const SESSION_ENDED = 'Your session has ended. Please sign in again.';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
  ) {}

  /** For Passport's local strategy: the user, or a 401 that reads the same for every failure. */
  async verifyCredentials(email: string, password: string, meta: RequestMeta): Promise<User> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
    // Always one argon2 verification, against a dummy hash when there is no usable account.
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    const patientActive = user?.role === 'patient' ? await this.patientActive(user.id) : true;
    if (!user || !passwordMatches || !user.active || !patientActive) {
      await this.audit.record({
        action: 'auth.login',
        outcome: 'failure',
        clinicId: user?.clinicId ?? null,
        actor: user ? { userId: user.id, role: user.role } : null,
        meta,
        detail: {
          reason: !user ? 'unknown_email' : !passwordMatches ? 'wrong_password' : 'inactive',
        },
      });
      throw new Problem(HttpStatus.UNAUTHORIZED, INVALID_CREDENTIALS);
    }
    return user;
  }

  async signIn(user: User, meta: RequestMeta, action = 'auth.login'): Promise<SignIn> {
    const { sessionId, refreshToken } = await this.dataSource.transaction(async (manager) => {
      const started = await this.sessions.start(user.id, manager);
      await this.audit.record(
        { action, clinicId: user.clinicId, actor: { userId: user.id, role: user.role }, meta },
        manager,
      );
      return started;
    });
    return { refreshToken, response: await this.authResponse(user.id, sessionId) };
  }

  async refresh(presented: string | undefined, meta: RequestMeta): Promise<SignIn> {
    if (!presented) throw new Problem(HttpStatus.UNAUTHORIZED, SESSION_ENDED);
    const rotation = await this.sessions.rotate(presented);
    if (!rotation.ok) {
      if (rotation.userId) {
        const user = await this.dataSource
          .getRepository(User)
          .findOneByOrFail({ id: rotation.userId });
        await this.audit.record({
          action: rotation.reason === 'reused' ? 'auth.refresh_reuse' : 'auth.refresh',
          outcome: 'failure',
          clinicId: user.clinicId,
          actor: { userId: user.id, role: user.role },
          meta,
          detail: { reason: rotation.reason, sessionId: rotation.sessionId },
        });
      }
      throw new Problem(HttpStatus.UNAUTHORIZED, SESSION_ENDED);
    }
    const principal = await this.sessions.principal(rotation.userId, rotation.sessionId);
    if (!principal) throw new Problem(HttpStatus.UNAUTHORIZED, SESSION_ENDED);
    return {
      refreshToken: rotation.refreshToken,
      response: await this.authResponse(rotation.userId, rotation.sessionId),
    };
  }

  async logout(principal: Principal, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE auth_session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1 AND revoked_at IS NULL`,
        [principal.sessionId],
      );
      await this.audit.record(
        { action: 'auth.logout', clinicId: principal.clinicId, actor: principal, meta },
        manager,
      );
    });
  }

  async acceptInvitation(token: string, password: string, meta: RequestMeta): Promise<SignIn> {
    const user = await this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.redeem(manager, token);
      if (!invitation) {
        throw new Problem(
          HttpStatus.GONE,
          'This invitation link is invalid, was already used, or has expired. Ask for a new one.',
        );
      }
      const invitee = await manager.findOneByOrFail(User, { id: invitation.userId });
      if (!invitee.active)
        throw new Problem(
          HttpStatus.GONE,
          'This invitation is no longer valid. Ask for a new one.',
        );
      const personal = passwordProblem(password, [
        invitee.email.split('@')[0],
        invitee.displayName,
      ]);
      if (personal)
        throw new ValidationProblem([{ field: 'password', message: `password ${personal}` }]);
      await manager.update(
        User,
        { id: invitee.id },
        { passwordHash: await this.hasher.hash(password) },
      );
      // A new password ends any older sign-in of the same account.
      await this.sessions.revokeAllForUser(invitee.id, 'password_set', manager);
      await this.audit.record(
        {
          action: 'auth.invitation_accepted',
          clinicId: invitee.clinicId,
          actor: { userId: invitee.id, role: invitee.role },
          meta,
        },
        manager,
      );
      return invitee;
    });
    return this.signIn(user, meta);
  }

  me(principal: Principal): AuthUser {
    return toAuthUser(principal);
  }

  private async authResponse(userId: string, sessionId: string): Promise<AuthResponse> {
    const principal = await this.sessions.principal(userId, sessionId);
    if (!principal) throw new Problem(HttpStatus.UNAUTHORIZED, SESSION_ENDED);
    const claims: AccessTokenClaims = {
      sub: userId,
      sid: sessionId,
      role: principal.role,
      cid: principal.clinicId,
      typ: ACCESS_TOKEN_TYPE,
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: toAuthUser(principal),
    };
  }

  private async patientActive(userId: string): Promise<boolean> {
    const patient = await this.dataSource
      .getRepository(Patient)
      .findOne({ where: { userId }, select: { id: true, active: true } });
    return patient?.active ?? false;
  }
}

export function toAuthUser(principal: Principal): AuthUser {
  return {
    id: principal.userId,
    role: principal.role,
    clinicId: principal.clinicId,
    displayName: principal.displayName,
    email: principal.email,
    ...(principal.patientId ? { patientId: principal.patientId } : {}),
  };
}
