import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { RequireAccess, Resource } from '../common/access';
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
  constructor(private readonly operators: OperatorsService) {}

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
  @RequireAccess(Resource.Operator)
  @Get(':id')
  @ApiOkResponse({ type: OperatorDto, description: 'an operator reads only their own record' })
  async get(@Param('id', uuid) id: string): Promise<OperatorDto> {
    return this.operators.get(id);
  }

  @Roles('coordinator', 'admin')
  @Patch(':id')
  @ApiOkResponse({ type: OperatorDto, description: 'deactivate with { "active": false }' })
  update(@Param('id', uuid) id: string, @Body() body: UpdateOperatorDto): Promise<OperatorDto> {
    return this.operators.update(id, body);
  }

  @Roles('coordinator', 'admin', 'operator')
  @RequireAccess(Resource.Operator)
  @Put(':id/availability')
  @ApiOkResponse({ type: AvailabilityDto, description: 'keys must be OPERATOR_SHIFTS windows in the range' })
  async putAvailability(
    @Param('id', uuid) id: string,
    @Body() body: PutAvailabilityDto,
  ): Promise<AvailabilityDto> {
    return { windows: await this.operators.replaceAvailability(id, body.from, body.to, body.windows) };
  }

  @Roles('coordinator', 'admin', 'operator')
  @RequireAccess(Resource.Operator)
  @Get(':id/availability')
  @ApiOkResponse({ type: AvailabilityDto })
  async getAvailability(
    @Param('id', uuid) id: string,
    @Query() query: AvailabilityRangeQuery,
  ): Promise<AvailabilityDto> {
    return { windows: await this.operators.availability(id, query.from, query.to) };
  }
}
