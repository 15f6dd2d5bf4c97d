import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Public, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { AccessControl, Resource } from '../common/access';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { CalendarService } from './calendar.service';
import { CalendarUrlDto, DoctorShiftsDto, OptionalRangeQuery } from './dto/shifts.dto';

const uuid = ParseUuid();
const ICS = 'text/calendar; charset=utf-8';
const ICS_CONTENT = { 'text/calendar': { schema: { type: 'string' } } };

@ApiTags('doctors')
@ApiBearerAuth()
@Controller('doctors')
export class DoctorShiftsController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly access: AccessControl,
  ) {}

  @Roles('doctor', 'coordinator', 'admin')
  @Get(':id/shifts')
  @ApiOkResponse({ type: DoctorShiftsDto, description: "the doctor's windows on published rosters" })
  async shifts(
    @Param('id', uuid) id: string,
    @Query() query: OptionalRangeQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<DoctorShiftsDto> {
    await this.access.requireAccess(caller, Resource.Doctor, id);
    await this.calendar.assertDoctor(id);
    return { windows: await this.calendar.shifts(id, query.from, query.to) };
  }

  @Roles('doctor', 'coordinator', 'admin')
  @Get(':id/shifts.ics')
  @Header('Content-Type', ICS)
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    content: ICS_CONTENT,
    description: 'iCalendar; stable UIDs, SEQUENCE goes up when an event changes, times in OPERATIONS_TZ',
  })
  async ics(
    @Param('id', uuid) id: string,
    @Query() query: OptionalRangeQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<string> {
    await this.access.requireAccess(caller, Resource.Doctor, id);
    await this.calendar.assertDoctor(id);
    return this.calendar.ics(id, query.from, query.to);
  }

  @Roles('doctor', 'coordinator', 'admin')
  @Post(':id/calendar-token')
  @ApiCreatedResponse({
    type: CalendarUrlDto,
    description: 'a private feed URL; a new one revokes the previous one',
  })
  async issueToken(
    @Param('id', uuid) id: string,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
  ): Promise<CalendarUrlDto> {
    await this.access.requireAccess(caller, Resource.Doctor, id);
    const path = await this.calendar.issueToken(id);
    // protocol and host honour X-Forwarded-Proto / -Host from a trusted proxy (TRUST_PROXY)
    return { url: `${req.protocol}://${req.host ?? 'localhost'}${path}` };
  }

  @Roles('doctor', 'coordinator', 'admin')
  @Delete(':id/calendar-token')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the private feed URL stops working' })
  async revokeToken(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<void> {
    await this.access.requireAccess(caller, Resource.Doctor, id);
    return this.calendar.revokeToken(id);
  }
}

@ApiTags('doctors')
@Controller('calendar')
export class CalendarFeedController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly access: AccessControl,
  ) {}

  @Public()
  @Get(':token.ics')
  @Header('Content-Type', ICS)
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    content: ICS_CONTENT,
    description: "a doctor's shifts by private token (for calendar apps that cannot send a bearer token)",
  })
  feed(@Param('token') token: string): Promise<string> {
    return this.calendar.icsByToken(token);
  }
}
