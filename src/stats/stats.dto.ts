import { ApiProperty } from '@nestjs/swagger';
import { LocalDateField } from '../common/validation/decorators';

export class DailyStatsQuery {
  @LocalDateField('first day, in OPERATIONS_TZ')
  from: string;

  @LocalDateField('last day (inclusive), at most 366 days after from')
  to: string;
}

export class TierCountsDto {
  @ApiProperty() green: number;
  @ApiProperty() yellow: number;
  @ApiProperty() orange: number;
  @ApiProperty() red: number;
}

export class DailyStatsDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ description: 'consults created that day' }) consultsReceived: number;
  @ApiProperty({ description: 'consults completed that day' }) consultsCompleted: number;
  @ApiProperty({
    description: 'consults completed that day, by outcome',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { advised: 12, referred_115: 1 },
  })
  byOutcome: Record<string, number>;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'median of assigned − created for consults received that day and assigned',
  })
  medianWaitSeconds: number | null;
  @ApiProperty({ description: 'follow-ups completed that day with the patient reached' })
  followUpsDone: number;
  @ApiProperty({ description: 'follow-ups that became overdue that day (not completed 30 min after due)' })
  followUpsOverdue: number;
  @ApiProperty({ description: 'patients with a follow-up due that day' }) patientsDue: number;
  @ApiProperty({
    description: 'of those, patients seen (a follow-up due that day was completed with the patient reached)',
  })
  patientsSeen: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'seen ÷ due (WHO Go.Data); null when nobody was due',
  })
  coverage: number | null;
  @ApiProperty({ type: TierCountsDto, description: 'patients under care by tier at the end of the day' })
  patientsByTier: TierCountsDto;
}
