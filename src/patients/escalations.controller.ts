import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/role';
import { ParseUuid } from '../common/validation/uuid.pipe';
import {
  EscalationDto,
  EscalationPageDto,
  EscalationQuery,
  ResolveEscalationDto,
} from './dto/escalation.dto';
import { EscalationsService } from './escalations.service';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Roles('coordinator', 'admin', 'care_team')
  @Get()
  @ApiOkResponse({ type: EscalationPageDto })
  list(@Query() query: EscalationQuery, @CurrentUser() caller: AuthUser): Promise<EscalationPageDto> {
    return this.escalations.list(query, caller);
  }

  @Roles('coordinator', 'admin', 'care_team')
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: EscalationDto, description: '409 when already resolved' })
  resolve(
    @Param('id', ParseUuid()) id: string,
    @Body() body: ResolveEscalationDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<EscalationDto> {
    return this.escalations.resolve(id, body, caller);
  }
}
