import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from './auth.decorators';
import { CreateUserDto, LoginDto, LoginResponseDto, toUserDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { ROLES, type AuthUser } from './role';
import { toAuthUser, UsersService } from './users.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'too many attempts for this address and email' })
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  @ApiBearerAuth()
  @Roles(...ROLES)
  @Get('auth/me')
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return toUserDto(user);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users')
  @ApiCreatedResponse({ type: UserDto })
  async createUser(@Body() body: CreateUserDto): Promise<UserDto> {
    return toUserDto(toAuthUser(await this.users.create(body)));
  }
}
