import { Injectable } from '@nestjs/common';
import type { InvitationTicket } from '@rehabit/contracts';
import { EntityManager, IsNull } from 'typeorm';
import { Invitation } from './auth-session.entity';
import { INVITATION_TTL_MS, hashToken, newOpaqueToken } from './tokens';

export const INVITATION_ACCEPT_PATH = '/auth/invitation';

/** Single-use, expiring invitations: how staff and patients get their first password. */
@Injectable()
export class InvitationsService {
  async create(
    manager: EntityManager,
    clinicId: string,
    userId: string,
    createdBy: string | null,
  ): Promise<InvitationTicket> {
    // A new invitation replaces any earlier one still open for the same person.
    await manager.update(Invitation, { userId, usedAt: IsNull() }, { usedAt: new Date() });
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    await manager.insert(Invitation, {
      clinicId,
      userId,
      tokenHash: hashToken(token),
      createdBy,
      expiresAt,
    });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      acceptPath: `${INVITATION_ACCEPT_PATH}?token=${token}`,
    };
  }

  /** Marks the invitation used and names its person, or null when it is unknown, used or expired. */
  async redeem(manager: EntityManager, token: string): Promise<Invitation | null> {
    const invitation = await manager.findOne(Invitation, {
      where: { tokenHash: hashToken(token) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invitation || invitation.usedAt || invitation.expiresAt.getTime() <= Date.now())
      return null;
    await manager.update(Invitation, { id: invitation.id }, { usedAt: new Date() });
    return invitation;
  }
}
