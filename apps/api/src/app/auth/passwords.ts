import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@rehabit/contracts';
import * as argon2 from 'argon2';

// OWASP's argon2id minimum (m=19 MiB, t=2, p=1).
const HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

const COMMON_PASSWORDS = new Set(
  dictionary['passwords-common'].map((word: string) => word.toLowerCase()),
);

/**
 * Length and a blocklist of common passwords, no composition rules (NIST SP 800-63B, ASVS V6).
 * Returns the reason a password is refused, or null when it is acceptable.
 */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is one of the most common passwords; choose another';
  if (/^(.)\1+$/u.test(password)) return 'must not be a single repeated character';
  for (const word of personal
    .map((text) => text.toLowerCase())
    .filter((text) => text.length >= 4)) {
    if (lower === word || lower.includes(word)) return 'must not contain your name or email';
  }
  return null;
}

@Injectable()
export class PasswordHasher {
  // A hash of a random secret, so unknown emails cost as much as wrong passwords.
  private readonly dummyHash = argon2.hash(`dummy-${Math.random()}`, HASH_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, HASH_OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
