import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthService } from './auth.service';
import { requestMeta } from './decorators';
import type { Principal } from './principal';
import { SessionsService } from './sessions.service';
import {
  ACCESS_TOKEN_TYPE,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  jwtKey,
  type AccessTokenClaims,
} from './tokens';
import { isUuid } from '../http/validators';

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: FastifyRequest, email: string, password: string) {
    return this.auth.verifyCredentials(email, password, requestMeta(request));
  }
}

/**
 * Access tokens: HS256 only, issuer, audience, expiry and not-before checked by the library;
 * the token type and the live state of the account and the sign-in checked here, so logout or
 * deactivation cut access at once rather than at expiry.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // @types/passport-jwt lists string | Buffer; passport-jwt hands the key to jsonwebtoken as is.
      secretOrKey: jwtKey(config.jwtSecret) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5, maxAge: '16m' },
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<Principal | false> {
    if (
      claims.typ !== ACCESS_TOKEN_TYPE ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string'
    )
      return false;
    if (!isUuid(claims.sub) || !isUuid(claims.sid)) return false;
    return (await this.sessions.principal(claims.sub, claims.sid)) ?? false;
  }
}
