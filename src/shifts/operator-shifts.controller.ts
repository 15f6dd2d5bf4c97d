import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { CalendarService } from './calendar.service';
import { DoctorShiftsDto, OptionalRangeQuery } from './dto/shifts.dto';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('operators')
export class OperatorShiftsController {
  constructor(private readonly calendar: CalendarService) {}

  @Roles('operator', 'coordinator', 'admin')
  @Get(':id/shifts')
  @ApiOkResponse({ type: DoctorShiftsDto, description: "the operator's shifts on published rosters" })
  async shifts(
    @Param('id', ParseUuid()) id: string,
    @Query() query: OptionalRangeQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<DoctorShiftsDto> {
    await this.calendar.assertCanReadOperator(caller, id);
    return { windows: await this.calendar.shifts(id, query.from, query.to, 'operator_id') };
  }
}
