import { ModulesContainer } from '@nestjs/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  getMetadataStorage,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { getTestApp } from '../testing/test-app';

type Constructor = abstract new (...args: never[]) => unknown;

/** class-transformer's `@Type()` registry; not part of its typed public API. */
interface TypeRegistry {
  findTypeMetadata(
    target: Constructor,
    property: string,
  ): { typeFunction: () => unknown } | undefined;
}
const TRANSFORMER_STORAGE: string = 'class-transformer/cjs/storage';

/** Validators that make a property a string (or, with `each`, a list of strings). */
const STRING_RULES = new Set([
  'isString',
  'isEmail',
  'isUuid',
  'matches',
  'isIn',
  'isEnum',
  'isTimeZone',
  'isCalendarDate',
  'isAcceptablePassword',
]);
/** Validators that bound a string's length on their own. */
const BOUNDING_RULES = new Set([
  'maxLength',
  'length',
  'isIn',
  'isEnum',
  'isUuid',
  'isAcceptablePassword',
]);

/** A `@Matches` pattern bounds the length only when anchored and free of open-ended repeats. */
function isBoundedPattern(metadata: ValidationMetadata): boolean {
  const pattern = metadata.constraints?.[0] as RegExp | string | undefined;
  const source = pattern instanceof RegExp ? pattern.source : String(pattern ?? '');
  return source.startsWith('^') && source.endsWith('$') && !/[*+]|\{\d+,\}/.test(source);
}

function ruleName(metadata: ValidationMetadata): string {
  return metadata.name ?? metadata.type;
}

/**
 * The body and query classes every route handler of the running app takes, and the nested
 * classes they validate, so classes that only tests declare are not counted.
 */
async function requestDtos(modules: ModulesContainer): Promise<Set<Constructor>> {
  const { defaultMetadataStorage } = (await import(TRANSFORMER_STORAGE)) as {
    defaultMetadataStorage: TypeRegistry;
  };
  const storage = getMetadataStorage();
  const validated = (type: unknown): type is Constructor =>
    typeof type === 'function' &&
    storage.getTargetValidationMetadatas(type, '', true, false).length > 0;
  const found = new Set<Constructor>();
  const visit = (type: Constructor) => {
    if (found.has(type)) return;
    found.add(type);
    for (const metadata of storage.getTargetValidationMetadatas(type, '', true, false)) {
      if (metadata.type !== 'nestedValidation') continue;
      const nested = defaultMetadataStorage
        .findTypeMetadata(type, metadata.propertyName)
        ?.typeFunction();
      if (validated(nested)) visit(nested);
    }
  };
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as Constructor | null)?.prototype;
      if (!prototype) continue;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const parameters: unknown[] =
          Reflect.getMetadata('design:paramtypes', prototype, method) ?? [];
        for (const parameter of parameters) if (validated(parameter)) visit(parameter);
      }
    }
  }
  return found;
}

/** What is unbounded in these classes, as `Class.property: reason`. */
function limitProblems(dtos: Iterable<Constructor>): string[] {
  const problems: string[] = [];
  for (const dto of dtos) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules)
      byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    for (const [property, own] of byProperty) {
      const designType = Reflect.getMetadata('design:type', dto.prototype, property);
      const names = new Set(own.map(ruleName));
      const isArray = designType === Array || names.has('isArray') || own.some((rule) => rule.each);
      const isString =
        designType === String || own.some((rule) => STRING_RULES.has(ruleName(rule)));
      if (isArray && !names.has('arrayMaxSize'))
        problems.push(`${dto.name}.${property}: array without @ArrayMaxSize`);
      if (isString) {
        const bounded = own.some(
          (rule) =>
            BOUNDING_RULES.has(ruleName(rule)) ||
            (ruleName(rule) === 'matches' && isBoundedPattern(rule)),
        );
        if (!bounded) problems.push(`${dto.name}.${property}: string without a maximum length`);
      }
    }
  }
  return problems;
}

describe('request DTO limits', () => {
  it('bounds every string and every array a route accepts', async () => {
    const app = await getTestApp();
    const dtos = await requestDtos(app.app.get(ModulesContainer));
    // The identity DTOs at least; plans, exercises and logs add theirs.
    for (const name of [
      'CreatePatientDto',
      'ClinicAdminDto',
      'AcceptInvitationDto',
      'PageQueryDto',
    ])
      expect([...dtos].map((dto) => dto.name)).toContain(name);

    expect(limitProblems(dtos)).toEqual([]);
  });

  it('notices an unbounded string, email, pattern or list (the check can fail)', () => {
    class Inner {
      @IsString()
      note: string;
    }
    class Unbounded {
      @IsString()
      text: string;

      @IsEmail()
      email: string;

      @Matches(/^[a-z]+$/)
      slug: string;

      @IsArray()
      @IsString({ each: true })
      @MaxLength(20, { each: true })
      tags: string[];

      @IsArray()
      @ArrayMaxSize(5)
      @ValidateNested({ each: true })
      @Type(() => Inner)
      items: Inner[];
    }
    expect(limitProblems([Unbounded, Inner])).toEqual([
      'Unbounded.text: string without a maximum length',
      'Unbounded.email: string without a maximum length',
      'Unbounded.slug: string without a maximum length',
      'Unbounded.tags: array without @ArrayMaxSize',
      'Inner.note: string without a maximum length',
    ]);
  });
});
