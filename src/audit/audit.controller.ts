import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/role';
import { AuditPageDto, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('admin')
  @Get()
  @ApiOkResponse({
    type: AuditPageDto,
    description: 'the whole trail, newest first, filtered; each read of it is itself recorded',
  })
  list(@Query() query: AuditQuery, @CurrentUser() caller: AuthUser): Promise<AuditPageDto> {
    return this.audit.list(query, caller);
  }
}
