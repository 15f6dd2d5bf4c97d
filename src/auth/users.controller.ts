import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { Roles } from './auth.decorators';
import {
  CreateUserDto,
  TemporaryPasswordDto,
  toUserAccountDto,
  toUserDto,
  UpdateUserDto,
  UserAccountDto,
  UserDto,
  UserListQuery,
  UserPageDto,
} from './auth.dto';
import { toAuthUser, UsersService } from './users.service';

/** Logins, for admins: create, list, change (disable, role, name), reset a password. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return toUserDto(toAuthUser(await this.users.create(body)));
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: UserListQuery): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map(toUserAccountDto) };
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserAccountDto })
  async update(@Param('id', ParseUuid()) id: string, @Body() body: UpdateUserDto): Promise<UserAccountDto> {
    return toUserAccountDto(await this.users.update(id, body));
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOkResponse({ type: TemporaryPasswordDto })
  async resetPassword(@Param('id', ParseUuid()) id: string): Promise<TemporaryPasswordDto> {
    return { temporaryPassword: await this.users.resetPassword(id) };
  }
}
