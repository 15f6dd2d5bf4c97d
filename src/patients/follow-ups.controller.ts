import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { ParseUuid } from '../common/validation/uuid.pipe';
import {
  CompleteFollowUpDto,
  CompleteFollowUpResultDto,
  FollowUpPageDto,
  FollowUpQuery,
} from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Get()
  @ApiOkResponse({ type: FollowUpPageDto, description: 'a doctor sees only their own' })
  list(@Query() query: FollowUpQuery, @CurrentUser() caller: AuthUser): Promise<FollowUpPageDto> {
    return this.followUps.list(query, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({
    type: CompleteFollowUpResultDto,
    description: 'a doctor completes only follow-ups assigned to them; 409 when not open',
  })
  complete(
    @Param('id', ParseUuid()) id: string,
    @Body() body: CompleteFollowUpDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<CompleteFollowUpResultDto> {
    return this.followUps.complete(id, body, caller);
  }
}
