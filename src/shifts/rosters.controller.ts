import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { AccessControl, Resource } from '../common/access';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { CoverService } from './cover.service';
import {
  AssignCoverDto,
  CoverCandidateDto,
  CoverRequestDto,
  CoverRequestListQuery,
  CoverRequestPageDto,
  CreateCoverRequestDto,
  CreateRosterDto,
  EditAssignmentsDto,
  GroupRangeQuery,
  RosterDto,
} from './dto/shifts.dto';
import { RosterSummaryDto } from './dto/roster-reads.dto';
import { RosterReadsService } from './roster-reads.service';
import { RostersService } from './rosters.service';

const uuid = ParseUuid();

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('rosters')
export class RostersController {
  constructor(
    private readonly rosters: RostersService,
    private readonly cover: CoverService,
    private readonly access: AccessControl,
    private readonly reads: RosterReadsService,
  ) {}

  // cover requests first: their paths must win over /rosters/:id
  @Roles('doctor')
  @Post('cover-requests')
  @ApiCreatedResponse({
    type: CoverRequestDto,
    description: 'the caller must be on the published roster for the window',
  })
  requestCover(
    @Body() body: CreateCoverRequestDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<CoverRequestDto> {
    return this.cover.request(caller, body.windowKey);
  }

  @Roles('doctor', 'coordinator', 'admin')
  @Get('cover-requests')
  @ApiOkResponse({
    type: CoverRequestPageDto,
    description:
      'coordinators: all (filter by status); a doctor: their own open requests and the open ones they could take',
  })
  listCover(
    @Query() query: CoverRequestListQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<CoverRequestPageDto> {
    return this.cover.list(caller, query);
  }

  @Roles('doctor', 'coordinator', 'admin')
  @Get('cover-requests/:id')
  @ApiOkResponse({ type: CoverRequestDto })
  async getCover(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<CoverRequestDto> {
    await this.access.requireAccess(caller, Resource.CoverRequest, id);
    return this.cover.get(id);
  }

  @Roles('doctor')
  @Post('cover-requests/:id/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: CoverRequestDto,
    description: 'the first eligible doctor to accept takes the window; later ones get 409',
  })
  acceptCover(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<CoverRequestDto> {
    return this.cover.accept(caller, id);
  }

  @Roles('doctor', 'coordinator', 'admin')
  @Post('cover-requests/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({
    type: CoverRequestDto,
    description:
      'an open request closes as cancelled, the window staying with the doctor who asked: withdrawn by that doctor, or declined by a coordinator; 409 when no longer open',
  })
  async cancelCover(
    @Param('id', uuid) id: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<CoverRequestDto> {
    await this.access.requireAccess(caller, Resource.CoverRequest, id);
    return this.cover.cancel(caller, id);
  }

  @Roles('coordinator', 'admin')
  @Get('cover-requests/:id/candidates')
  @ApiOkResponse({
    type: [CoverCandidateDto],
    description:
      'the doctors who could take the window now (active, in the group, available, under their caps)',
  })
  coverCandidates(@Param('id', uuid) id: string): Promise<CoverCandidateDto[]> {
    return this.cover.candidates(id);
  }

  @Roles('coordinator', 'admin')
  @Post('cover-requests/:id/assign')
  @HttpCode(200)
  @ApiOkResponse({
    type: CoverRequestDto,
    description:
      'a coordinator gives the window to an eligible doctor, as if they had accepted; 409 otherwise',
  })
  assignCover(@Param('id', uuid) id: string, @Body() body: AssignCoverDto): Promise<CoverRequestDto> {
    return this.cover.assign(id, body.doctorId);
  }

  @Roles('coordinator', 'admin')
  @Post()
  @ApiCreatedResponse({ type: RosterDto, description: 'a draft built by the solver' })
  create(@Body() body: CreateRosterDto, @CurrentUser() caller: AuthUser): Promise<RosterDto> {
    return this.rosters.create(body, caller.id);
  }

  @Roles('coordinator', 'admin')
  @Get()
  @ApiOkResponse({
    type: [RosterSummaryDto],
    description:
      'drafts and published rosters of the group overlapping the range, newest first (superseded left out): a week with none has no roster',
  })
  list(@Query() query: GroupRangeQuery): Promise<RosterSummaryDto[]> {
    return this.reads.list(query.group, query.from, query.to);
  }

  @Roles('coordinator', 'admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the draft and its assignments are gone' })
  @ApiConflictResponse({ description: 'the roster is published or superseded' })
  deleteDraft(@Param('id', uuid) id: string): Promise<void> {
    return this.reads.deleteDraft(id);
  }

  @Roles('coordinator', 'admin')
  @Get(':id')
  @ApiOkResponse({ type: RosterDto })
  get(@Param('id', uuid) id: string): Promise<RosterDto> {
    return this.rosters.get(id);
  }

  @Roles('coordinator', 'admin')
  @Patch(':id/assignments')
  @ApiOkResponse({ type: RosterDto })
  @ApiConflictResponse({ description: '`violations`: every broken hard constraint; nothing was changed' })
  edit(@Param('id', uuid) id: string, @Body() body: EditAssignmentsDto): Promise<RosterDto> {
    return this.rosters.edit(id, body);
  }

  @Roles('coordinator', 'admin')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkResponse({
    type: RosterDto,
    description: 'overlapping published rosters of the group become superseded',
  })
  publish(@Param('id', uuid) id: string): Promise<RosterDto> {
    return this.rosters.publish(id);
  }
}
