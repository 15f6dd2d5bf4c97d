import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowRestricted, CurrentUser, Public, Roles } from './auth.decorators';
import {
  AccessTokenDto,
  ChangePasswordDto,
  LoginDto,
  LoginResponseDto,
  OtpEnableDto,
  OtpSetupDto,
  toUserDto,
  UserDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { ROLES, type AuthUser } from '../common/roles';
import { UsersService } from './users.service';

/** The client address the limits count (Express `req.ip`: the proxy's view once `trust proxy` is set). */
const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({
    description:
      'too many failed sign-ins for this email (10 in 15 min) or from this address (100 a minute); see Retry-After',
  })
  @ApiServiceUnavailableResponse({ description: 'too many sign-ins being checked at once; see Retry-After' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password, body.otp, clientAddress(req));
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @AllowRestricted('password_change', 'otp_enrolment')
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return toUserDto(user);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "every token of the caller's issued so far is refused from now on" })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.users.endSessions(user.id);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @AllowRestricted('password_change')
  @Post('password')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto, description: 'a fresh token; every token issued before is refused' })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<AccessTokenDto> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword, clientAddress(req));
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @AllowRestricted('otp_enrolment')
  @Post('otp/setup')
  @HttpCode(200)
  @ApiOkResponse({
    type: OtpSetupDto,
    description: 'a new pending TOTP secret, as a URL for an authenticator app',
  })
  @ApiForbiddenResponse({ description: 'a token good only for choosing a new password' })
  async otpSetup(@CurrentUser() user: AuthUser): Promise<OtpSetupDto> {
    return { otpauthUrl: await this.users.otpSetup(user.id) };
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @AllowRestricted('otp_enrolment')
  @Post('otp/enable')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'TOTP is on; every session ends: sign in again with a code' })
  otpEnable(@CurrentUser() user: AuthUser, @Body() body: OtpEnableDto): Promise<void> {
    return this.users.otpEnable(user.id, body.otp);
  }
}
