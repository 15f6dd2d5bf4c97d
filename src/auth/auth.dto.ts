import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { NormaliseEmail, Trim } from '../common/validation/decorators';
import { ROLES, type AuthUser, type Role } from './role';

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
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) doctorId: string | null;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: UserDto }) user: UserDto;
}

const STAFF_ROLES = ['admin', 'coordinator', 'care_team'] as const;

export class CreateUserDto {
  @ApiProperty({ example: 'dieu.phoi@donghanh.local' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(200)
  email: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: 'Nguyễn Thu Hà' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  fullName: string;

  @ApiProperty({ enum: STAFF_ROLES, description: 'doctor logins are made with POST /api/doctors' })
  @IsIn(STAFF_ROLES)
  role: (typeof STAFF_ROLES)[number];
}

export const toUserDto = (u: AuthUser): UserDto => ({
  id: u.id,
  email: u.email,
  role: u.role,
  doctorId: u.doctorId,
});
