import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthResponse, AuthUser } from '@rehabit/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { User } from '../users/user.entity';
import { AuthService, type SignIn } from './auth.service';
import { ValidBody } from './body-validation.guard';
import { CurrentUser, Meta, Public } from './decorators';
import { AcceptInvitationDto, LoginDto } from './dto/auth.dto';
import type { Principal, RequestMeta } from './principal';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH, REFRESH_TOKEN_TTL_MS } from './tokens';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ValidBody(LoginDto), AuthGuard('local'))
  @ApiOperation({ summary: 'Sign in; sets the httpOnly refresh cookie' })
  async login(
    @Body() _body: LoginDto,
    @Req() request: FastifyRequest & { user: User },
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthResponse> {
    return this.answer(response, await this.auth.signIn(request.user, meta));
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Trade the refresh cookie for a new access token; the cookie rotates' })
  async refresh(
    @Req() request: FastifyRequest,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthResponse> {
    const presented: unknown = request.cookies?.[REFRESH_COOKIE];
    try {
      return this.answer(
        response,
        await this.auth.refresh(typeof presented === 'string' ? presented : undefined, meta),
      );
    } catch (error) {
      this.clearCookie(response);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  async logout(
    @CurrentUser() principal: Principal,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(principal, meta);
    this.clearCookie(response);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() principal: Principal): AuthUser {
    return this.auth.me(principal);
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set a password from an invitation and sign in' })
  async acceptInvitation(
    @Body() body: AcceptInvitationDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AuthResponse> {
    return this.answer(response, await this.auth.acceptInvitation(body.token, body.password, meta));
  }

  private answer(response: FastifyReply, signIn: SignIn): AuthResponse {
    response.setCookie(REFRESH_COOKIE, signIn.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.nodeEnv === 'production',
      path: REFRESH_COOKIE_PATH,
      // Seconds here (milliseconds in Express); Expires as well, which Express sent beside it.
      maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
      expires: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    });
    response.header('Cache-Control', 'no-store');
    return signIn.response;
  }

  private clearCookie(response: FastifyReply): void {
    response.clearCookie(REFRESH_COOKIE, {
      path: REFRESH_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.nodeEnv === 'production',
    });
  }
}
