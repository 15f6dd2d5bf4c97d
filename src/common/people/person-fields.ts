import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsVietnamesePhone, NormaliseEmail, Trim } from '../validation/decorators';

/**
 * The fields every rostered person has (doctors, hotline operators), one definition each: the same
 * validation, limits and OpenAPI description wherever a person is written.
 */
export const FullNameField = () =>
  applyDecorators(
    ApiProperty({ example: 'Nguyễn Văn An' }),
    Trim(),
    IsString(),
    MinLength(2),
    MaxLength(120),
  );

export const PhoneField = () =>
  applyDecorators(
    ApiProperty({ example: '0889556655', description: 'Vietnamese number; stored and returned as E.164' }),
    IsString(),
    IsVietnamesePhone(),
  );

export const EmailField = (example: string) =>
  applyDecorators(ApiProperty({ example }), NormaliseEmail(), IsEmail(), MaxLength(200));

/** A roster cap: windows a week (0–50) or a day (0–24). */
export const WindowsCapField = (per: 'week' | 'day', defaultValue: number) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 0, maximum: per === 'week' ? 50 : 24, default: defaultValue }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(per === 'week' ? 50 : 24),
  );
