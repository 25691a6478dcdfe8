import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { passwordProblem } from './passwords';

/** The password policy as a class-validator rule, so refusals name the field like any other. */
export function IsAcceptablePassword(options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args: ValidationArguments) =>
          typeof args.value === 'string'
            ? `${args.property} ${passwordProblem(args.value)}`
            : `${args.property} must be a string`,
      },
    });
  };
}
