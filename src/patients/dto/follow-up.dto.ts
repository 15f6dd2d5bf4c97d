import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsUuidString, NotesField } from '../../common/validation/decorators';
import { RISK_TIERS } from '../../triage';
import type { RiskTier } from '../../triage';
import { FOLLOW_UP_FILTERS, FOLLOW_UP_STATUSES } from '../patient.types';
import type { FollowUpFilter, FollowUpStatus } from '../patient.types';
import { AssessmentDto, ObservationInputDto } from './observation.dto';

export class FollowUpQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: FOLLOW_UP_FILTERS,
    default: 'due',
    description:
      'due: open and due now or earlier (overdue included); overdue: open and 30 min past due; done: attempts made (reached or not), newest first; open: every open one, upcoming too',
  })
  @IsOptional()
  @IsIn(FOLLOW_UP_FILTERS)
  status: FollowUpFilter = 'due';

  @ApiPropertyOptional({ description: "a doctor's follow-ups (a doctor always sees only their own)" })
  @IsOptional()
  @IsUuidString()
  doctorId?: string;
}

export class CompleteFollowUpDto {
  @ApiProperty({ description: 'whether the patient was reached; not reached schedules a retry (TRIAGE.md)' })
  @IsBoolean()
  reached: boolean;

  @ApiPropertyOptional({ type: ObservationInputDto, description: 'only when reached' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ObservationInputDto)
  observation?: ObservationInputDto;

  @NotesField()
  notes?: string;
}

export class FollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ nullable: true, type: String }) doctorId: string | null;
  @ApiProperty({ enum: RISK_TIERS, description: 'tier when it was scheduled' }) tier: RiskTier;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty({ description: 'attempts in a row that did not reach the patient before this one' })
  consecutiveMisses: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) overdueReportedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reassignedFrom: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) reached: boolean | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: String }) observationId: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpDto] }) items: FollowUpDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class NextFollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() dueAt: string;
}

export class CompleteFollowUpResultDto {
  @ApiProperty({ type: FollowUpDto }) followUp: FollowUpDto;
  @ApiProperty({ type: AssessmentDto, nullable: true, description: 'null when the patient was not reached' })
  assessment: AssessmentDto | null;
  @ApiProperty({
    type: NextFollowUpDto,
    nullable: true,
    description: 'null when the patient is no longer under care',
  })
  next: NextFollowUpDto | null;
}
