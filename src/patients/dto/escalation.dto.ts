import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { NotesField } from '../../common/validation/decorators';
import { RISK_TIERS } from '../../triage';
import type { RiskTier } from '../../triage';
import { ESCALATION_CAUSES, ESCALATION_OUTCOMES } from '../patient.types';
import type { EscalationCause, EscalationOutcome } from '../patient.types';

export class EscalationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status: 'open' | 'resolved' = 'open';
}

export class ResolveEscalationDto {
  @ApiProperty({
    enum: ESCALATION_OUTCOMES,
    description: '`hospitalised` also marks the patient hospitalised (home follow-ups stop)',
  })
  @IsIn(ESCALATION_OUTCOMES)
  outcome: EscalationOutcome;

  @NotesField()
  notes?: string;
}

export class EscalationDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ enum: RISK_TIERS }) tier: RiskTier;
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty({ enum: ESCALATION_CAUSES }) cause: EscalationCause;
  @ApiProperty({ enum: ['open', 'resolved'] }) status: 'open' | 'resolved';
  @ApiProperty() openedAt: string;
  @ApiProperty({ enum: ESCALATION_OUTCOMES, nullable: true }) outcome: EscalationOutcome | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
}

export class EscalationPageDto {
  @ApiProperty({ type: [EscalationDto] }) items: EscalationDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
