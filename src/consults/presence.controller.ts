import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { DomainException } from '../common/errors/domain.exception';
import { PresenceStateDto } from './presence.dto';
import { PresenceService } from './presence.service';

/** The calling doctor's own presence (the socket sets it; this reads it, e.g. after a reload). */
@ApiTags('consults')
@ApiBearerAuth()
@Controller('consults/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Roles('doctor')
  @Get('me')
  @ApiOkResponse({
    type: PresenceStateDto,
    description:
      "the calling doctor's presence as the server holds it, with the rostered consult window containing now and the next one; the console reads it on every (re)connect",
  })
  me(@CurrentUser() caller: AuthUser): Promise<PresenceStateDto> {
    // a doctor login that names no doctor has no presence (the socket refuses it as well)
    if (!caller.doctorId) throw DomainException.forbidden('this login is not linked to a doctor');
    return this.presence.stateOf(caller.doctorId);
  }
}
