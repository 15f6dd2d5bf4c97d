import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { DailyStatsDto, DailyStatsQuery, HourlyStatsDto, HourlyStatsQuery } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Roles('coordinator', 'admin')
  @Get('daily')
  @ApiOkResponse({
    type: [DailyStatsDto],
    description: 'one entry per date from `from` to `to`, dates in OPERATIONS_TZ',
  })
  daily(@Query() query: DailyStatsQuery): Promise<DailyStatsDto[]> {
    return this.stats.daily(query);
  }

  @Roles('coordinator', 'admin')
  @Get('hourly')
  @ApiOkResponse({
    type: HourlyStatsDto,
    description:
      'one local day (OPERATIONS_TZ) hour by hour: the chart of the day; the hours add up to the daily figures',
  })
  hourly(@Query() query: HourlyStatsQuery): Promise<HourlyStatsDto> {
    return this.stats.hourly(query);
  }
}
