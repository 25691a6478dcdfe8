import { ROLES, type Role } from '@rehabit/contracts';

const KEY = 'rehabit.lastRole';

/**
 * The role last signed in on this device. On start the portal fetches that role's area while the
 * session is still being restored from the refresh cookie, instead of after: on a phone's mobile
 * connection that overlaps about a second of round trips (docs/PERFORMANCE.md, the portal on a
 * phone). Only which code to fetch early is decided by it; the role guards still decide who gets
 * in. Not health data, but forgotten at sign-out with everything else the device kept.
 */
export function rememberRole(role: Role | null): void {
  try {
    if (role) localStorage.setItem(KEY, role);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or disabled: the area is fetched after the session is restored, as without it.
  }
}

export function rememberedRole(): Role | null {
  try {
    const role = localStorage.getItem(KEY);
    return ROLES.find((known) => known === role) ?? null;
  } catch {
    return null;
  }
}
