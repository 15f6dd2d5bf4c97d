import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { isLocalDate, parseWindowKey } from '../time/windows';
import { toVietnameseE164 } from './phone';

/** A Vietnamese phone number; the value is normalised to E.164 after validation by the service. */
export function IsVietnamesePhone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isVietnamesePhone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a Vietnamese phone number`, ...options },
      validator: { validate: (value: unknown) => toVietnameseE164(value) !== null },
    });
}

/** `YYYY-MM-DD`, a real calendar date. */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isLocalDate(value) },
    });
}

/** A window key `YYYY-MM-DD/HH-HH` (whether it is a configured window is checked by the service). */
export function IsWindowKey(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWindowKey',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must hold window keys YYYY-MM-DD/HH-HH (got ${JSON.stringify(args.value)})`.slice(
            0,
            200,
          ),
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseWindowKey(value) !== null,
      },
    });
}

/** A date query/body field with its OpenAPI description. */
export function LocalDateField(description: string, options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', example: '2021-08-23', description, ...options }),
    IsString(),
    IsLocalDate(),
  );
}

/** Optional free-text notes (trimmed, bounded); the one shape every notes field shares. */
export function NotesField(maxLength = 2000): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength }),
    IsOptional(),
    Trim(),
    IsString(),
    MaxLength(maxLength),
  );
}

/** Trims strings; leaves anything else for the validators to refuse. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Lower-cases and trims e-mails so one address is one account. */
export const NormaliseEmail = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  );

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const IsUuidString = () => Matches(UUID_PATTERN, { message: '$property must be a UUID' });
