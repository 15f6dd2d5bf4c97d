import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsUuidString } from '../common/validation/decorators';
import { AUDIT_ACTIONS, AUDIT_RESOURCES } from './audit.types';
import type { AuditAction, AuditResource } from './audit.types';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUuidString() patientId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUuidString() userId?: string;
  @ApiPropertyOptional({ enum: AUDIT_RESOURCES })
  @IsOptional()
  @IsIn(AUDIT_RESOURCES)
  resource?: AuditResource;
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional({ description: 'ISO 8601 instant, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601 instant, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: AUDIT_RESOURCES }) resource: AuditResource;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ nullable: true, type: String }) patientId: string | null;
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) userRole: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty() at: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'field names, tiers, ids, method and path; never personal data',
  })
  detail: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
