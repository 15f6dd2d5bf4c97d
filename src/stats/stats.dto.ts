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

  // The hotline (CONTRACT.md "Hotline 1022"): every contact counts on the date it was received, whatever
  // happened to it later. The seed's "answered" is contactsResolved + contactsTransferred + byBranch["3"]
  // (questions answered, calls put through to 115 or the CDC, calls taken by the doctors); with nothing
  // left open that is contactsReceived − contactsForwarded.
  @ApiProperty({ description: 'contacts received that day' }) contactsReceived: number;
  @ApiProperty({ description: 'of those, resolved by an operator (an answer given)' })
  contactsResolved: number;
  @ApiProperty({
    description:
      'of those, forwarded to a district (now forwarded, in progress or handled; a returned one is not)',
  })
  contactsForwarded: number;
  @ApiProperty({ description: 'of those, transferred at once (branch 1 to 115, branch 2 to the CDC)' })
  contactsTransferred: number;
  @ApiProperty({
    description: 'contacts received that day by branch (the key pressed), every branch present',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { '1': 3, '2': 9, '3': 21, '4': 385 },
  })
  byBranch: Record<string, number>;
  @ApiProperty({
    description: 'contacts received that day by category, every category present',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { gathering: 40, no_mask: 22, travel_procedures: 61 },
  })
  byCategory: Record<string, number>;
  @ApiProperty({
    description: 'contacts received that day by channel, every channel present',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { phone: 290, zalo: 63, web: 42, sms: 23 },
  })
  byChannel: Record<string, number>;
  @ApiProperty({ description: 'of the contacts forwarded, those their district has handled' })
  forwardedHandled: number;
  @ApiProperty({
    description:
      'of the contacts forwarded, those that missed a deadline: not acknowledged within FORWARD_ACK_HOURS or not handled within FORWARD_DONE_HOURS of forwarding (late ones count even once handled)',
  })
  forwardedOverdue: number;
}

export class HourlyStatsQuery {
  @LocalDateField('the day, in OPERATIONS_TZ')
  date: string;
}

export class HourStatsDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'start of the hour' }) startsAt: string;
  @ApiProperty({ example: '09:00', description: 'the local clock at the start of the hour (OPERATIONS_TZ)' })
  label: string;
  @ApiProperty({ description: 'consults created in the hour' }) consultsReceived: number;
  @ApiProperty({ description: 'consults completed in the hour' }) consultsCompleted: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'median of assigned − created for consults received in the hour and assigned',
  })
  medianWaitSeconds: number | null;
  @ApiProperty({ description: 'contacts received in the hour' }) contactsReceived: number;
  @ApiProperty({ description: 'of those, resolved by an operator (answered)' }) contactsResolved: number;
  @ApiProperty({ description: 'of those, forwarded to a district (as in the daily figures)' })
  contactsForwarded: number;
  @ApiProperty({ description: 'of those, transferred at once to 115 or the CDC' })
  contactsTransferred: number;
}

export class HourlyStatsDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({
    type: [HourStatsDto],
    description:
      'every hour of the local day, oldest first (23 or 25 on a daylight-saving day); each figure sums to the daily one',
  })
  hours: HourStatsDto[];
}
