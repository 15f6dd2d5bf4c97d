import { ApiProperty } from '@nestjs/swagger';

export const PRESENCE_STATUSES = ['available', 'away', 'wrap_up'] as const;

/** One rostered consult window of the doctor (a roster assignment of the published consult roster). */
export class PresenceWindowDto {
  @ApiProperty({ example: '2021-08-24/09-11', description: 'window key (CONTRACT.md "Conventions")' })
  key: string;
  @ApiProperty({ example: '2021-08-24', format: 'date', description: 'the date it starts on, OPERATIONS_TZ' })
  date: string;
  @ApiProperty({
    example: 2,
    minimum: 1,
    maximum: 7,
    description: 'ISO weekday it starts on (1 = Monday), OPERATIONS_TZ',
  })
  weekday: number;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
}

export class PresenceStateDto {
  @ApiProperty({
    enum: PRESENCE_STATUSES,
    description:
      "the doctor's presence as the server holds it; `wrap_up` (set by the server after a completed consult, WRAP_UP_SECONDS) gets no offers and turns `available` at `wrapUpUntil`",
  })
  status: (typeof PRESENCE_STATUSES)[number];
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'since when; null before the first connection',
  })
  since: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'when the wrap-up ends (status `wrap_up` only)',
  })
  wrapUpUntil: string | null;
  @ApiProperty({
    nullable: true,
    type: PresenceWindowDto,
    description: 'the rostered consult window containing now; null: no offer comes, whatever the presence',
  })
  window: PresenceWindowDto | null;
  @ApiProperty({
    nullable: true,
    type: PresenceWindowDto,
    description: 'the next rostered consult window after now',
  })
  nextWindow: PresenceWindowDto | null;
}
