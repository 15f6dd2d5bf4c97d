import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsVietnamesePhone, Trim } from '../common/validation/decorators';
import {
  BRANCHES,
  CATEGORIES,
  CHANNELS,
  CONTACT_STATUSES,
  CONTACT_STEPS,
  type Branch,
  type Category,
  type Channel,
  type ContactStatus,
  type ContactStep,
  type OverdueKind,
} from './contact.rules';

/** Trimmed text between `min` and `max` characters. */
const Text = (max: number, min = 1) => applyDecorators(Trim(), IsString(), MinLength(min), MaxLength(max));

export class CreateContactDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({
    enum: BRANCHES,
    type: 'integer',
    description:
      "the caller's key press: 1 emergency 115, 2 Hanoi CDC, 3 doctors' network (a consult is queued), 4 Department of Information and Communications",
  })
  @IsInt()
  @IsIn(BRANCHES)
  branch: Branch;

  @ApiProperty({
    enum: CATEGORIES,
    description:
      'emergency (branch 1), epidemiology (2), medical (3); violations and questions (4); a category of another branch is a 400',
  })
  @IsIn(CATEGORIES)
  category: Category;

  @ApiPropertyOptional({
    example: '0889556655',
    description:
      'Vietnamese number, stored and returned as E.164; required for branch 3 (the doctor calls back)',
  })
  @IsOptional()
  @IsString()
  @IsVietnamesePhone()
  callerPhone?: string;

  @ApiPropertyOptional({ example: 'Trần Thị Bình' })
  @IsOptional()
  @Text(120)
  callerName?: string;

  @ApiProperty({ example: 'Tụ tập đông người trước cửa hàng tạp hoá ngõ 12' })
  @Text(2000, 2)
  summary: string;

  @ApiProperty({ example: 'Cầu Giấy', description: 'a district of GET /api/areas' })
  @Text(80)
  district: string;

  @ApiPropertyOptional({ example: 'Dịch Vọng', description: 'a ward of that district (GET /api/areas)' })
  @IsOptional()
  @Text(80)
  ward?: string;

  @ApiPropertyOptional({ example: '12 ngõ 5 Trần Thái Tông' })
  @IsOptional()
  @Text(300)
  address?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'default now; only an admin may give one, and not in the future (imports, replays)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;
}

export class ResolveContactDto {
  @ApiProperty({ example: 'Giấy đi đường do UBND phường cấp; hướng dẫn nộp hồ sơ trực tuyến' })
  @Text(2000)
  answer: string;
}

export class ForwardContactDto {
  @ApiProperty({ example: 'Cầu Giấy', description: 'the district whose officers handle it (GET /api/areas)' })
  @Text(80)
  district: string;

  @ApiPropertyOptional({ example: 'Dịch Vọng', description: 'a ward of that district' })
  @IsOptional()
  @Text(80)
  ward?: string;

  @ApiPropertyOptional({ example: 'Người gọi đề nghị giữ bí mật danh tính' })
  @IsOptional()
  @Text(2000)
  note?: string;
}

export class HandledContactDto {
  @ApiProperty({ example: 'Tổ COVID cộng đồng đã đến giải tán, nhắc nhở 6 người' })
  @Text(2000)
  result: string;
}

export class ReturnContactDto {
  @ApiProperty({ example: 'Địa chỉ thuộc quận Đống Đa, không thuộc địa bàn' })
  @Text(2000)
  reason: string;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const DATE_OR_INSTANT =
  /^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class ContactListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IsOptional()
  @IsIn(CONTACT_STATUSES)
  status?: ContactStatus;

  @ApiPropertyOptional({ description: "the caller's district or the district it was forwarded to" })
  @IsOptional()
  @Text(80)
  district?: string;

  @ApiPropertyOptional({ enum: BRANCHES, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn(BRANCHES)
  branch?: Branch;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({
    description: 'received at or after: a date (YYYY-MM-DD, from its start in OPERATIONS_TZ) or an instant',
    example: '2021-08-19',
  })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'from must be a date YYYY-MM-DD or an ISO 8601 instant with offset' })
  from?: string;

  @ApiPropertyOptional({
    description: 'received before: a date (YYYY-MM-DD, up to its end in OPERATIONS_TZ) or an instant',
    example: '2021-08-23',
  })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'to must be a date YYYY-MM-DD or an ISO 8601 instant with offset' })
  to?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: forwarded reports past FORWARD_ACK_HOURS unacknowledged or FORWARD_DONE_HOURS unhandled',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;
}

export class ContactForwardDto {
  @ApiProperty({ example: 'Cầu Giấy' }) district: string;
  @ApiProperty({ nullable: true, type: String }) ward: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) forwardedAt: string;
  @ApiProperty({ format: 'uuid', description: 'who forwarded it' }) forwardedBy: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the officer who acknowledged it',
  })
  officerId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) handledAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) handledBy: string | null;
  @ApiProperty({ nullable: true, type: String }) result: string | null;
  @ApiProperty({
    enum: ['ack', 'done'],
    nullable: true,
    type: String,
    description:
      'ack: not acknowledged within FORWARD_ACK_HOURS; done: not handled within FORWARD_DONE_HOURS',
  })
  overdue: OverdueKind | null;
}

export class ContactReturnDto {
  @ApiProperty({ format: 'date-time' }) returnedAt: string;
  @ApiProperty({ format: 'uuid' }) returnedBy: string;
  @ApiProperty() reason: string;
}

export class ContactStepDto {
  @ApiProperty({ enum: CONTACT_STEPS }) step: ContactStep;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', description: 'who did it' }) userId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'e.g. the district, the reason' })
  detail: Record<string, unknown>;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: BRANCHES, type: 'integer' }) branch: Branch;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty({ nullable: true, type: String, example: '+84889556655' }) callerPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) callerName: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ example: 'Cầu Giấy' }) district: string;
  @ApiProperty({ nullable: true, type: String }) ward: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ enum: CONTACT_STATUSES }) status: ContactStatus;
  @ApiProperty({ format: 'uuid', description: 'the operator who recorded it' }) operatorId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'branch 3: the consult queued' })
  consultId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) transferredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) resolvedBy: string | null;
  @ApiProperty({ type: ContactForwardDto, nullable: true, description: 'the current forwarding, if any' })
  forward: ContactForwardDto | null;
  @ApiProperty({ type: ContactReturnDto, nullable: true, description: 'the last return by a district' })
  lastReturn: ContactReturnDto | null;
  @ApiPropertyOptional({
    type: [ContactStepDto],
    description: 'every step, oldest first (GET /api/contacts/{id} and the actions)',
  })
  steps?: ContactStepDto[];
}

export class ContactPageDto {
  @ApiProperty({ type: [ContactDto] }) items: ContactDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
