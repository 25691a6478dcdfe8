import { ValidationPipe } from '@nestjs/common';
import { ValidationProblem, fieldErrorsFrom } from './problem';

/** Unknown fields are refused, not dropped: a client that misspells a field must hear about it. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(fieldErrorsFrom(errors)),
  });
}
