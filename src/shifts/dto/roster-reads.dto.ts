import { ApiProperty } from '@nestjs/swagger';
import { ROSTER_GROUPS, type RosterGroup } from '../../common/groups';

/** A roster without its assignments: enough to say what state a week is in. */
export class RosterSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROSTER_GROUPS }) group: RosterGroup;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: ['draft', 'published'] }) status: 'draft' | 'published';
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
}

/** One person's availability over a range, with the caps a roster must respect. */
export class PersonAvailabilityDto {
  @ApiProperty({ format: 'uuid', description: 'the doctor, or on the operators’ roster the operator' })
  id: string;
  @ApiProperty() maxWindowsPerWeek: number;
  @ApiProperty() maxWindowsPerDay: number;
  @ApiProperty({ type: [String], description: 'window keys the person said they are available for' })
  windows: string[];
}
