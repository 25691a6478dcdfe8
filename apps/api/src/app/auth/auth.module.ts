import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard, RateLimitGuard, RolesGuard } from './guards';
import { InvitationsService } from './invitations.service';
import { PasswordHasher } from './passwords';
import { RateLimitStorageModule } from './rate-limit-storage.module';
import { RATE_LIMITS } from './rate-limits';
import { SharedRateLimitStorage } from './shared-rate-limit.storage';
import { SessionsService } from './sessions.service';
import { JwtStrategy, LocalStrategy } from './strategies';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  JWT_ALGORITHM,
  JWT_AUDIENCE,
  JWT_ISSUER,
  jwtKey,
} from './tokens';

@Global()
@Module({
  imports: [
    PassportModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [SharedRateLimitStorage],
      useFactory: (storage: SharedRateLimitStorage) => ({ ...RATE_LIMITS, storage }),
    }),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.jwtSecret),
        signOptions: {
          algorithm: JWT_ALGORITHM,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          expiresIn: ACCESS_TOKEN_TTL_SECONDS,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    // Guards run in this order: rate limit, then authentication, then role.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    AuthService,
    SessionsService,
    InvitationsService,
    PasswordHasher,
    LocalStrategy,
    JwtStrategy,
  ],
  exports: [AuthService, SessionsService, InvitationsService, PasswordHasher],
})
export class AuthModule {}
