import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import { AccessControl, Resource } from '../common/access';
import type { AuthUser } from '../auth';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { CalendarService } from './calendar.service';
import { DoctorShiftsDto, OptionalRangeQuery } from './dto/shifts.dto';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('operators')
export class OperatorShiftsController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly access: AccessControl,
  ) {}

  @Roles('operator', 'coordinator', 'admin')
  @Get(':id/shifts')
  @ApiOkResponse({ type: DoctorShiftsDto, description: "the operator's shifts on published rosters" })
  async shifts(
    @Param('id', ParseUuid()) id: string,
    @Query() query: OptionalRangeQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<DoctorShiftsDto> {
    await this.access.requireAccess(caller, Resource.Operator, id);
    return { windows: await this.calendar.shifts(id, query.from, query.to, 'operator_id') };
  }
}
