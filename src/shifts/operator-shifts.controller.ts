import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { RequireAccess, Resource } from '../common/access';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { CalendarService } from './calendar.service';
import { DoctorShiftsDto, OptionalRangeQuery } from './dto/shifts.dto';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('operators')
export class OperatorShiftsController {
  constructor(private readonly calendar: CalendarService) {}

  @Roles('operator', 'coordinator', 'admin')
  @RequireAccess(Resource.Operator)
  @Get(':id/shifts')
  @ApiOkResponse({ type: DoctorShiftsDto, description: "the operator's shifts on published rosters" })
  async shifts(
    @Param('id', ParseUuid()) id: string,
    @Query() query: OptionalRangeQuery,
  ): Promise<DoctorShiftsDto> {
    return { windows: await this.calendar.shifts(id, query.from, query.to, 'operator_id') };
  }
}
