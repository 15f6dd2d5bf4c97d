import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsUuidString, IsVietnamesePhone, NotesField, Trim } from '../common/validation/decorators';

export const CONSULT_STATUSES = ['queued', 'offered', 'assigned', 'completed', 'cancelled'] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];
export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const CONSULT_OUTCOMES = [
  'advised',
  'referred_115',
  'referred_cdc',
  'enrolled_followup',
  'forwarded_district',
  'no_answer',
] as const;
export type ConsultOutcome = (typeof CONSULT_OUTCOMES)[number];

const lowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CreateConsultDto {
  @ApiProperty({ example: '0889556655', description: 'Vietnamese number; stored and returned as E.164' })
  @IsString()
  @IsVietnamesePhone()
  callerPhone: string;

  @ApiPropertyOptional({ example: 'Trần Thị Bình' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  callerName?: string;

  @ApiProperty({ example: 'Fever for 3 days, short of breath since this morning' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({
    example: 'vi',
    description: 'two-letter ISO 639-1 code; only doctors speaking it get the offer',
  })
  @IsOptional()
  @Transform(lowerCase)
  @IsString()
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter ISO 639-1 code' })
  language?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @IsUuidString()
  patientId?: string;
}

export class ConsultListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONSULT_STATUSES })
  @IsOptional()
  @IsIn(CONSULT_STATUSES, { message: `status must be one of ${CONSULT_STATUSES.join(', ')}` })
  status?: ConsultStatus;
}

export class DeclineOfferDto {
  @ApiPropertyOptional({ example: 'in another call' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CompleteConsultDto {
  @ApiProperty({ enum: CONSULT_OUTCOMES })
  @IsIn(CONSULT_OUTCOMES, { message: `outcome must be one of ${CONSULT_OUTCOMES.join(', ')}` })
  outcome: ConsultOutcome;

  @NotesField(4000)
  notes?: string;
}

export class ConsultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONSULT_STATUSES }) status: ConsultStatus;
  @ApiProperty({ nullable: true, type: String }) callerName: string | null;
  @ApiProperty({ description: 'E.164; left out of `consult:offered` until the doctor accepts' })
  callerPhone: string;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) patientId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assignedDoctorId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) assignedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt: string | null;
  @ApiProperty({ nullable: true, enum: CONSULT_OUTCOMES }) outcome: ConsultOutcome | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}

export class ConsultPageDto {
  @ApiProperty({ type: [ConsultDto] }) items: ConsultDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class QueueStatsDto {
  @ApiProperty({ description: 'consults waiting for an offer' }) queued: number;
  @ApiProperty({ description: 'consults with a pending offer' }) offered: number;
  @ApiProperty({
    description: 'seconds the oldest queued or offered consult has waited since it was created',
  })
  longestWaitSeconds: number;
  @ApiProperty({
    description:
      'doctors on shift now, connected, available and free (no pending offer, no assigned consult)',
  })
  doctorsAvailable: number;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) consultId: string;
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ enum: OFFER_STATUSES }) status: OfferStatus;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: string;
}

export class AcceptOfferResultDto {
  @ApiProperty({ type: OfferDto }) offer: OfferDto;
  @ApiProperty({ type: ConsultDto, description: 'the consult, now assigned, with the caller phone' })
  consult: ConsultDto;
}

export class DeclineOfferResultDto {
  @ApiProperty({ type: OfferDto }) offer: OfferDto;
}
