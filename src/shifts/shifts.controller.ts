import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import {
  GroupQuery,
  GroupRangeQuery,
  RequirementsDto,
  ShiftWindowDto,
  SuggestedRequirementsDto,
  UnderstaffedWindowDto,
} from './dto/shifts.dto';
import { PersonAvailabilityDto } from './dto/roster-reads.dto';
import { RequirementsService } from './requirements.service';
import { RosterReadsService } from './roster-reads.service';
import { SuggestionsService } from './suggestions.service';

@ApiTags('shifts')
@ApiBearerAuth()
@Controller('shifts')
export class ShiftsController {
  constructor(
    private readonly requirements: RequirementsService,
    private readonly suggestions: SuggestionsService,
    private readonly reads: RosterReadsService,
  ) {}

  @Roles('coordinator', 'admin')
  @Get('requirements')
  @ApiOkResponse({ type: RequirementsDto, description: 'default is 1 until a coordinator sets it' })
  getRequirements(@Query() query: GroupQuery): Promise<RequirementsDto> {
    return this.requirements.get(query.group);
  }

  @Roles('coordinator', 'admin')
  @Get('requirements/suggested')
  @ApiOkResponse({
    type: SuggestedRequirementsDto,
    description:
      'doctors each consult window needs to answer 80 % of calls within 60 s (Erlang C), from the consults of the same weekday and window over the past 4 weeks; PUT `overrides` to accept',
  })
  suggested(@Query() query: GroupRangeQuery): Promise<SuggestedRequirementsDto> {
    return this.suggestions.suggest(query.group, query.from, query.to);
  }

  @Roles('coordinator', 'admin')
  @Put('requirements')
  @ApiOkResponse({ type: RequirementsDto })
  putRequirements(@Body() body: RequirementsDto): Promise<RequirementsDto> {
    return this.requirements.put(body);
  }

  @Roles('coordinator', 'admin')
  @Get('windows')
  @ApiOkResponse({ type: [ShiftWindowDto] })
  windows(@Query() query: GroupRangeQuery): Promise<ShiftWindowDto[]> {
    return this.requirements.windows(query.group, query.from, query.to);
  }

  @Roles('coordinator', 'admin')
  @Get('understaffed')
  @ApiOkResponse({
    type: [UnderstaffedWindowDto],
    description: 'every window of the range below its requirement now',
  })
  understaffed(@Query() query: GroupRangeQuery): Promise<UnderstaffedWindowDto[]> {
    return this.requirements.understaffed(query.group, query.from, query.to);
  }

  @Roles('coordinator', 'admin')
  @Get('availability')
  @ApiOkResponse({
    type: [PersonAvailabilityDto],
    description:
      'the active doctors of the group (or operators) with the windows they are available for in the range, and their caps',
  })
  availability(@Query() query: GroupRangeQuery): Promise<PersonAvailabilityDto[]> {
    return this.reads.availability(query.group, query.from, query.to);
  }
}
