import { CanActivate, ExecutionContext, Injectable, Type, mixin } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from '../http/validation.pipe';

/**
 * Validates the body before a Passport guard reads it: guards run before pipes, and a malformed
 * sign-in must get the same field-named 400 as any other request, not a bare 401.
 */
export function ValidBody(dto: Type<object>): Type<CanActivate> {
  @Injectable()
  class BodyValidationGuard implements CanActivate {
    private readonly pipe = createValidationPipe();

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      request.body = await this.pipe.transform(request.body ?? {}, { type: 'body', metatype: dto });
      return true;
    }
  }
  return mixin(BodyValidationGuard);
}
