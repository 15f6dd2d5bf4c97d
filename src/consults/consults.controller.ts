import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotency.decorators';
import { ParseUuid } from '../common/validation/uuid.pipe';
import {
  AcceptOfferResultDto,
  CompleteConsultDto,
  ConsultDto,
  ConsultListQuery,
  ConsultPageDto,
  CreateConsultDto,
  DeclineOfferDto,
  DeclineOfferResultDto,
  QueueStatsDto,
} from './consult.dto';
import { BoardDto } from './board.dto';
import { ConsultBoard } from './board.queries';
import { ConsultsService } from './consults.service';
import { OffersService } from './offers.service';

const uuid = ParseUuid();

@ApiTags('consults')
@ApiBearerAuth()
@Controller('consults')
export class ConsultsController {
  constructor(
    private readonly consults: ConsultsService,
    private readonly offers: OffersService,
    private readonly board: ConsultBoard,
  ) {}

  @Roles('coordinator', 'admin', 'care_team')
  @Post()
  @Idempotent()
  @ApiCreatedResponse({
    type: ConsultDto,
    description: 'queued; offered to a doctor as soon as one is eligible',
  })
  create(
    @Body() body: CreateConsultDto,
    @CurrentUser() caller: AuthUser,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ConsultDto> {
    return this.consults.create(body, caller, idempotencyKey);
  }

  @Roles('coordinator', 'admin', 'care_team', 'doctor')
  @Get()
  @ApiOkResponse({
    type: ConsultPageDto,
    description: 'newest first; a doctor lists only consults assigned to them',
  })
  list(@Query() query: ConsultListQuery, @CurrentUser() caller: AuthUser): Promise<ConsultPageDto> {
    return this.consults.list(query, caller);
  }

  @Roles('coordinator', 'admin', 'care_team')
  @Get('queue')
  @ApiOkResponse({ type: QueueStatsDto })
  queue(): Promise<QueueStatsDto> {
    return this.consults.queueStatistics();
  }

  @Roles('coordinator', 'admin')
  @Get('board')
  @ApiOkResponse({
    type: BoardDto,
    description: 'the supervisor board: waiting callers and the doctors on shift now with their live status',
  })
  boardNow(): Promise<BoardDto> {
    return this.board.read();
  }

  @Roles('coordinator', 'admin', 'care_team', 'doctor')
  @Get(':id')
  @ApiOkResponse({
    type: ConsultDto,
    description: 'a doctor reads only consults assigned to them (404 otherwise)',
  })
  get(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<ConsultDto> {
    return this.consults.get(id, caller);
  }

  @Roles('coordinator', 'admin', 'care_team')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsultDto })
  @ApiConflictResponse({ description: 'the consult is already assigned, completed or cancelled' })
  cancel(@Param('id', uuid) id: string): Promise<ConsultDto> {
    return this.consults.cancel(id);
  }

  @Roles('doctor')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsultDto })
  @ApiConflictResponse({ description: 'the consult is not assigned (any more)' })
  complete(
    @Param('id', uuid) id: string,
    @Body() body: CompleteConsultDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ConsultDto> {
    return this.consults.complete(id, body, caller);
  }

  @Roles('doctor')
  @Post('offers/:offerId/accept')
  @HttpCode(200)
  @ApiOkResponse({
    type: AcceptOfferResultDto,
    description:
      'same as the socket event `consult:accept`; accepting again an offer one already accepted answers the same (a retry whose answer was lost)',
  })
  @ApiConflictResponse({
    description: 'the offer is no longer pending (declined, expired or revoked)',
  })
  accept(
    @Param('offerId', ParseUuid('offerId')) offerId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<AcceptOfferResultDto> {
    return this.offers.accept(offerId, caller);
  }

  @Roles('doctor')
  @Post('offers/:offerId/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: DeclineOfferResultDto, description: 'same as the socket event `consult:decline`' })
  @ApiConflictResponse({ description: 'the offer is no longer pending' })
  decline(
    @Param('offerId', ParseUuid('offerId')) offerId: string,
    @Body() body: DeclineOfferDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<DeclineOfferResultDto> {
    return this.offers.decline(offerId, caller, body.reason);
  }
}
