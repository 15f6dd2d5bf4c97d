import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, registerDecorator, ValidationArguments } from 'class-validator';
import commonPasswords from './common-passwords.json';

/** NIST SP 800-63B 5.1.1.2: a length floor and a blocklist, no composition rules. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// Compared lower-cased: "Password1234" is as guessable as "password1234".
const COMMON = new Set(commonPasswords.passwords.map((p) => p.toLowerCase()));

export const isCommonPassword = (password: string): boolean => COMMON.has(password.toLowerCase());

/** Why a password is refused, naming `field`; null when it is acceptable. Length counts code points. */
export function passwordProblem(password: string, field = 'password'): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `${field} must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `${field} must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (isCommonPassword(password)) return `${field} is among the 10,000 most common passwords; choose another`;
  return null;
}

/** A new password in a request body: a string that passes the policy (400 naming the field otherwise). */
export function NewPasswordField(): PropertyDecorator {
  const policy: PropertyDecorator = (target, propertyName) =>
    registerDecorator({
      name: 'passwordPolicy',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          passwordProblem(String(args.value), args.property) ?? `${args.property} is not acceptable`,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && !passwordProblem(value) },
    });
  return applyDecorators(
    ApiProperty({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      description: 'not among the 10,000 most common passwords',
    }),
    IsString(),
    policy,
  );
}
