import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import { AccessControl, Resource } from '../common/access';
import type { AuthUser } from '../auth';
import {
  AvailabilityDto,
  AvailabilityRangeQuery,
  PutAvailabilityDto,
} from '../common/people/availability.dto';
import { ParseUuid } from '../common/validation/uuid.pipe';
import {
  CreateOperatorDto,
  OperatorDto,
  OperatorListQuery,
  OperatorPageDto,
  UpdateOperatorDto,
} from './operator.dto';
import { OperatorsService } from './operators.service';

const uuid = ParseUuid();

@ApiTags('operators')
@ApiBearerAuth()
@Controller('operators')
export class OperatorsController {
  constructor(
    private readonly operators: OperatorsService,
    private readonly access: AccessControl,
  ) {}

  @Roles('coordinator', 'admin')
  @Post()
  @ApiCreatedResponse({ type: OperatorDto, description: 'the operator and their `operator` login' })
  create(@Body() body: CreateOperatorDto): Promise<OperatorDto> {
    return this.operators.create(body);
  }

  @Roles('coordinator', 'admin')
  @Get()
  @ApiOkResponse({ type: OperatorPageDto })
  list(@Query() query: OperatorListQuery): Promise<OperatorPageDto> {
    return this.operators.list(query);
  }

  @Roles('coordinator', 'admin', 'operator')
  @Get(':id')
  @ApiOkResponse({ type: OperatorDto, description: 'an operator reads only their own record' })
  async get(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<OperatorDto> {
    await this.access.requireAccess(caller, Resource.Operator, id);
    return this.operators.get(id);
  }

  @Roles('coordinator', 'admin')
  @Patch(':id')
  @ApiOkResponse({ type: OperatorDto, description: 'deactivate with { "active": false }' })
  update(@Param('id', uuid) id: string, @Body() body: UpdateOperatorDto): Promise<OperatorDto> {
    return this.operators.update(id, body);
  }

  @Roles('coordinator', 'admin', 'operator')
  @Put(':id/availability')
  @ApiOkResponse({ type: AvailabilityDto, description: 'keys must be OPERATOR_SHIFTS windows in the range' })
  async putAvailability(
    @Param('id', uuid) id: string,
    @Body() body: PutAvailabilityDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<AvailabilityDto> {
    await this.access.requireAccess(caller, Resource.Operator, id);
    return { windows: await this.operators.replaceAvailability(id, body.from, body.to, body.windows) };
  }

  @Roles('coordinator', 'admin', 'operator')
  @Get(':id/availability')
  @ApiOkResponse({ type: AvailabilityDto })
  async getAvailability(
    @Param('id', uuid) id: string,
    @Query() query: AvailabilityRangeQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<AvailabilityDto> {
    await this.access.requireAccess(caller, Resource.Operator, id);
    return { windows: await this.operators.availability(id, query.from, query.to) };
  }
}
