import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_PREFIX } from '../index';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './common';
import { PASSWORD_MIN_LENGTH, ROLES } from './identity';

/**
 * The contract's constants are held to the contract itself (../shared/API.md beside the
 * project): a change on either side without the other fails here.
 */
const API_DOC = resolve(__dirname, '../../../../../shared/API.md');
const apiDoc = existsSync(API_DOC) ? readFileSync(API_DOC, 'utf8') : '';

describe('contract constants against API.md', () => {
  beforeEach(() => {
    if (!apiDoc) pending(`${API_DOC} is not beside the project`);
  });

  it('page limits: `limit` (1–N, default D)', () => {
    const [, max, fallback] = /`limit` \(1–(\d+), default (\d+)\)/.exec(apiDoc) ?? [];
    expect(Number(max)).toBe(PAGE_LIMIT_MAX);
    expect(Number(fallback)).toBe(PAGE_LIMIT_DEFAULT);
  });

  it('the path prefix', () => {
    expect(apiDoc).toContain(`Everything lives under \`${API_PREFIX}\``);
  });

  it('the roles', () => {
    const roles = [...apiDoc.matchAll(/^Roles: (.+)$/gm)].flatMap(([, line]) =>
      [...line.matchAll(/`([a-z]+)`/g)].map(([, role]) => role),
    );
    expect([...roles].sort()).toEqual([...ROLES].sort());
  });

  it('the password minimum', () => {
    expect(apiDoc).toContain(`Passwords: at least ${PASSWORD_MIN_LENGTH} characters`);
  });
});
