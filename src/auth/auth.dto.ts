import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { NormaliseEmail, Trim } from '../common/validation/decorators';
import { NewPasswordField } from './password-policy';
import { ROLES, type AuthUser, type Role } from './role';
import type { UserEntity } from './user.entity';

/** A district officer's district: required for that role, refused for any other (the service checks). */
const DistrictField = () =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'a district of GET /api/areas: required with role district_officer, refused with any other role',
      example: 'Cầu Giấy',
    }),
    IsOptional(),
    Trim(),
    IsString(),
    MinLength(1),
    MaxLength(80),
  );

const OTP = () =>
  Matches(/^\d{6}$/, { message: '$property must be the 6-digit code of the authenticator app' });

export class LoginDto {
  @ApiProperty({ example: 'admin@donghanh.local' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(200)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({
    description: 'the TOTP code, for a user who has two-factor sign-in on',
    example: '123456',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  otp?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) doctorId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "a district officer's district (GET /api/areas); null for every other role",
    example: 'Cầu Giấy',
  })
  district: string | null;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({
    description:
      'the token is good only for GET /api/auth/me and POST /api/auth/password until a new password is chosen',
  })
  mustChangePassword: boolean;
  @ApiProperty({
    description:
      'the role must use TOTP (MFA_REQUIRED_ROLES) and none is set up: the token is good only for the OTP routes and GET /api/auth/me',
  })
  mustEnrollOtp: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @NewPasswordField()
  newPassword: string;
}

export class AccessTokenDto {
  @ApiProperty() accessToken: string;
}

export class OtpSetupDto {
  @ApiProperty({ example: 'otpauth://totp/Dong%20Hanh:admin%40donghanh.local?issuer=Dong%20Hanh&secret=…' })
  otpauthUrl: string;
}

export class OtpEnableDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @OTP()
  otp: string;
}

const STAFF_ROLES = ['admin', 'coordinator', 'care_team', 'operator', 'district_officer'] as const;
type StaffRole = (typeof STAFF_ROLES)[number];

export class CreateUserDto {
  @ApiProperty({ example: 'dieu.phoi@donghanh.local' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(200)
  email: string;

  @NewPasswordField()
  password: string;

  @ApiProperty({ example: 'Nguyễn Thu Hà' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  fullName: string;

  @ApiProperty({ enum: STAFF_ROLES, description: 'doctor logins are made with POST /api/doctors' })
  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @DistrictField()
  district?: string;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'search in name and email' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({
    description: 'true: every token refused within a second, sockets closed, a held offer revoked',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: STAFF_ROLES, description: "a doctor's login keeps the doctor role" })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @DistrictField()
  district?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  fullName?: string;

  @ApiPropertyOptional({
    enum: [false],
    description: 'false: turns two-factor sign-in off (a lost authenticator); the user sets it up again',
  })
  @IsOptional()
  @IsIn([false], { message: 'otpEnabled may only be set to false' })
  otpEnabled?: false;
}

/** A login as the admin sees it. */
export class UserAccountDto extends UserDto {
  @ApiProperty() fullName: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'an admin reset is waiting for the user to choose a new password' })
  mustChangePassword: boolean;
  @ApiProperty() otpEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserAccountDto] }) items: UserAccountDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class TemporaryPasswordDto {
  @ApiProperty({ description: 'shown once; the user must choose a new password at the next sign-in' })
  temporaryPassword: string;
}

export const toUserDto = (u: AuthUser): UserDto => ({
  id: u.id,
  email: u.email,
  role: u.role,
  doctorId: u.doctorId,
  district: u.district,
});

export const toUserAccountDto = (u: UserEntity): UserAccountDto => ({
  ...toUserDto(u),
  fullName: u.fullName,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  otpEnabled: u.otpEnabled,
  createdAt: new Date(u.createdAt).toISOString(),
});
