import { ApiProperty } from '@nestjs/swagger';
import { CONSULT_STATUSES, type ConsultStatus } from './consult.dto';

/** What the supervisor board says a doctor on shift is doing now (see boardStatus in board.queries.ts). */
export const BOARD_DOCTOR_STATUSES = [
  'available',
  'offered',
  'on_call',
  'wrap_up',
  'away',
  'offline',
] as const;
export type BoardDoctorStatus = (typeof BOARD_DOCTOR_STATUSES)[number];

export class BoardCallerDto {
  @ApiProperty({ format: 'uuid', description: 'the consult' }) id: string;
  @ApiProperty({ enum: CONSULT_STATUSES.filter((s) => s === 'queued' || s === 'offered') })
  status: ConsultStatus;
  @ApiProperty({ nullable: true, type: String }) callerName: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'seconds since the consult was created, by the server clock' })
  waitSeconds: number;
  @ApiProperty({ description: 'doctors who declined this consult or let its offer expire' })
  passedBy: number;
  @ApiProperty({ nullable: true, type: String, description: 'the doctor holding the pending offer' })
  offeredTo: string | null;
}

export class BoardDoctorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({
    enum: BOARD_DOCTOR_STATUSES,
    description:
      'on_call (an assigned consult), else offered (a pending offer), else offline (no socket), else the stored presence: available, wrap_up or away',
  })
  status: BoardDoctorStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'since when: the call was accepted, the offer made, the last socket left, or the presence set',
  })
  since: string | null;
}

export class BoardDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'the server clock when read' }) now: string;
  @ApiProperty({ type: [BoardCallerDto], description: 'queued and offered consults, longest waiting first' })
  waiting: BoardCallerDto[];
  @ApiProperty({
    type: [BoardDoctorDto],
    description: 'consult doctors on the published roster for the window containing now, by name',
  })
  doctors: BoardDoctorDto[];
}
