import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotency.decorators';
import { ParseUuid } from '../common/validation/uuid.pipe';
import {
  ContactDto,
  ContactListQuery,
  ContactPageDto,
  CreateContactDto,
  ForwardContactDto,
  HandledContactDto,
  ResolveContactDto,
  ReturnContactDto,
} from './contact.dto';
import { ContactsService } from './contacts.service';

const uuid = ParseUuid();
const ILLEGAL = 'an illegal transition answers 409 naming it';

/** Hotline 1022 (CONTRACT.md "Hotline 1022"): operators record and route, district officers work their reports. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Roles('operator', 'coordinator', 'admin')
  @Post()
  @Idempotent()
  @ApiCreatedResponse({
    type: ContactDto,
    description:
      'received; branch 3 queues a consult for the doctors (consultId) in the same transaction; branches 1 and 2 are transferred at once',
  })
  create(
    @Body() body: CreateContactDto,
    @CurrentUser() caller: AuthUser,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ContactDto> {
    return this.contacts.create(body, caller, idempotencyKey);
  }

  @Roles('operator', 'coordinator', 'admin', 'district_officer')
  @Get()
  @ApiOkResponse({
    type: ContactPageDto,
    description: 'newest first; a district officer sees only the contacts forwarded to their district',
  })
  list(@Query() query: ContactListQuery, @CurrentUser() caller: AuthUser): Promise<ContactPageDto> {
    return this.contacts.list(query, caller);
  }

  @Roles('operator', 'coordinator', 'admin', 'district_officer')
  @Get(':id')
  @ApiOkResponse({
    type: ContactDto,
    description: 'with its steps; a district officer gets 404 for a contact not forwarded to their district',
  })
  get(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<ContactDto> {
    return this.contacts.get(id, caller);
  }

  @Roles('operator', 'coordinator', 'admin')
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactDto, description: `received → resolved (the operator answered); ${ILLEGAL}` })
  resolve(
    @Param('id', uuid) id: string,
    @Body() body: ResolveContactDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ContactDto> {
    return this.contacts.act(id, { action: 'resolve', body }, caller);
  }

  @Roles('operator', 'coordinator', 'admin')
  @Post(':id/forward')
  @HttpCode(200)
  @ApiOkResponse({
    type: ContactDto,
    description: `received → forwarded (branch 4 only); the district's officers get report:forwarded; ${ILLEGAL}`,
  })
  forward(
    @Param('id', uuid) id: string,
    @Body() body: ForwardContactDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ContactDto> {
    return this.contacts.act(id, { action: 'forward', body }, caller);
  }

  @Roles('district_officer')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({
    type: ContactDto,
    description: `forwarded → in_progress, by an officer of its district; ${ILLEGAL}`,
  })
  acknowledge(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<ContactDto> {
    return this.contacts.act(id, { action: 'acknowledge' }, caller);
  }

  @Roles('district_officer')
  @Post(':id/handled')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactDto, description: `in_progress → handled with its result; ${ILLEGAL}` })
  handled(
    @Param('id', uuid) id: string,
    @Body() body: HandledContactDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ContactDto> {
    return this.contacts.act(id, { action: 'handled', body }, caller);
  }

  @Roles('district_officer')
  @Post(':id/return')
  @HttpCode(200)
  @ApiOkResponse({
    type: ContactDto,
    description: `forwarded or in_progress → received, back to the operators with the reason; ${ILLEGAL}`,
  })
  giveBack(
    @Param('id', uuid) id: string,
    @Body() body: ReturnContactDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ContactDto> {
    return this.contacts.act(id, { action: 'return', body }, caller);
  }
}
