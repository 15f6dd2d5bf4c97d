import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { IsLocalDate, IsUuidString, IsWindowKey, LocalDateField } from '../../common/validation/decorators';
import { PageQuery } from '../../common/pagination';
import { DOCTOR_GROUPS, DoctorGroup, ROSTER_GROUPS, RosterGroup } from '../../common/groups';
import { parseWindowKey } from '../../common/time/windows';
import { ROSTER_CONSTRAINTS } from '../solver/solver.types';

export const MAX_REQUIRED = 1000;

/** `{ "2021-08-23/09-11": 3, … }`: window keys to non-negative whole numbers. */
function IsRequirementMap(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRequirementMap',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must map window keys YYYY-MM-DD/HH-HH to whole numbers 0–${MAX_REQUIRED}`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 5000 &&
          Object.entries(value as Record<string, unknown>).every(
            ([k, n]) =>
              parseWindowKey(k) !== null &&
              Number.isInteger(n) &&
              (n as number) >= 0 &&
              (n as number) <= MAX_REQUIRED,
          ),
      },
    });
}

export class GroupQuery {
  @ApiProperty({ enum: ROSTER_GROUPS }) @IsIn(ROSTER_GROUPS) group: RosterGroup;
}

export class RangeQuery {
  @LocalDateField('first date, inclusive') from: string;
  @LocalDateField('last date, inclusive') to: string;
}

export class GroupRangeQuery extends RangeQuery {
  @ApiProperty({ enum: ROSTER_GROUPS }) @IsIn(ROSTER_GROUPS) group: RosterGroup;
}

export class OptionalRangeQuery {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'first date, inclusive (default: 30 days ago)',
  })
  @IsOptional()
  @IsString()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'last date, inclusive (default: 90 days ahead)',
  })
  @IsOptional()
  @IsString()
  @IsLocalDate()
  to?: string;
}

export class RequirementsDto {
  @ApiProperty({ enum: ROSTER_GROUPS }) @IsIn(ROSTER_GROUPS) group: RosterGroup;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_REQUIRED,
    example: 3,
    description: 'doctors each window needs unless overridden',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_REQUIRED)
  default: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { '2021-08-23/19-21': 5 },
    description:
      'per-window exceptions; each key must be a configured window of the group. PUT replaces them all.',
  })
  @IsRequirementMap()
  overrides: Record<string, number>;
}

export class ShiftWindowDto {
  @ApiProperty({ example: '2021-08-23/09-11' }) key: string;
  @ApiProperty({ enum: ROSTER_GROUPS }) group: RosterGroup;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty() required: number;
  @ApiProperty({ type: [String], description: 'doctors of the published roster (empty for operators)' })
  doctorIds: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'operators of the published roster (the operators group)',
  })
  operatorIds?: string[];
}

export class UnderstaffedWindowDto {
  @ApiProperty({ example: '2021-08-23/09-11' }) key: string;
  @ApiProperty({ enum: ROSTER_GROUPS }) group: RosterGroup;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty() required: number;
  @ApiProperty({ description: 'active doctors on the published roster who have not asked for cover' })
  assigned: number;
  @ApiProperty({ description: 'required − assigned' }) missing: number;
  @ApiProperty({ type: [String] }) doctorIds: string[];
  @ApiProperty({ type: [String], description: 'open cover requests on this window' })
  openCoverRequestIds: string[];
}

export class SuggestedWindowDto {
  @ApiProperty() windowKey: string;
  @ApiProperty({ description: 'average consults received per hour in this window over the history' })
  callsPerHour: number;
  @ApiProperty({ description: 'doctors needed to answer the target share of calls in time (Erlang C)' })
  suggested: number;
  @ApiProperty({ description: 'the requirement in force now' }) current: number;
}

export class SuggestedRequirementsDto {
  @ApiProperty({ enum: ROSTER_GROUPS }) group: RosterGroup;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'first date of the history read' }) historyFrom: string;
  @ApiProperty({ description: 'last date of the history read' }) historyTo: string;
  @ApiProperty({ description: 'consults found in the history' }) consultsInHistory: number;
  @ApiProperty() averageHandleSeconds: number;
  @ApiProperty({ example: 0.8 }) targetServiceLevel: number;
  @ApiProperty({ example: 60 }) targetAnswerSeconds: number;
  @ApiProperty({ type: [SuggestedWindowDto] }) windows: SuggestedWindowDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'the suggestions as overrides, ready for PUT /api/shifts/requirements',
  })
  overrides: Record<string, number>;
}

export class CreateRosterDto extends RangeQuery {
  @ApiProperty({ enum: ROSTER_GROUPS }) @IsIn(ROSTER_GROUPS) group: RosterGroup;
}

/** One person on one window: `doctorId` on a doctors' roster, `operatorId` on the operators' (exactly one). */
export class AssignmentDto {
  @ApiPropertyOptional({ format: 'uuid', description: "a doctors' roster" })
  @IsOptional()
  @IsString()
  @IsUuidString()
  doctorId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the operators' roster" })
  @IsOptional()
  @IsString()
  @IsUuidString()
  operatorId?: string;
  @ApiProperty({ example: '2021-08-23/09-11' }) @IsString() @IsWindowKey() windowKey: string;
}

/** `add` or `remove` of an edit: optional, at most 5,000 assignments, each one validated. */
const AssignmentList = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [AssignmentDto] }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(5000),
    ValidateNested({ each: true }),
    Type(() => AssignmentDto),
  );

export class EditAssignmentsDto {
  @AssignmentList() add: AssignmentDto[] = [];
  @AssignmentList() remove: AssignmentDto[] = [];
}

export class CoverageDto {
  @ApiProperty() windowKey: string;
  @ApiProperty() required: number;
  @ApiProperty() assigned: number;
}

export class UnfilledDto {
  @ApiProperty() windowKey: string;
  @ApiProperty() missing: number;
}

export class RosterStatsDto {
  @ApiProperty() required: number;
  @ApiProperty() assigned: number;
  @ApiProperty() minLoad: number;
  @ApiProperty() maxLoad: number;
}

export class RosterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROSTER_GROUPS }) group: RosterGroup;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: ['draft', 'published', 'superseded'] }) status: 'draft' | 'published' | 'superseded';
  @ApiProperty({ type: [AssignmentDto] }) assignments: AssignmentDto[];
  @ApiProperty({ type: [CoverageDto] }) coverage: CoverageDto[];
  @ApiProperty({ type: [UnfilledDto] }) unfilled: UnfilledDto[];
  @ApiProperty({ type: RosterStatsDto }) stats: RosterStatsDto;
}

/**
 * Every code a roster violation may name: a broken hard constraint, or an edit that removes an
 * assignment the roster does not have (`not_assigned`, rosters.service).
 */
export const ROSTER_VIOLATION_CODES = [...ROSTER_CONSTRAINTS, 'not_assigned'] as const;

export class RosterViolationDto {
  @ApiPropertyOptional({ description: "a doctors' roster" }) doctorId?: string;
  @ApiPropertyOptional({ description: "the operators' roster" }) operatorId?: string;
  @ApiProperty() windowKey: string;
  @ApiProperty({ enum: [...ROSTER_VIOLATION_CODES] })
  constraint: string;
  @ApiProperty() message: string;
}

export class DoctorShiftDto {
  @ApiProperty() windowKey: string;
  @ApiProperty({ enum: ROSTER_GROUPS }) group: RosterGroup;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty({ format: 'uuid' }) rosterId: string;
}

export class DoctorShiftsDto {
  @ApiProperty({ type: [DoctorShiftDto] }) windows: DoctorShiftDto[];
}

export class CalendarUrlDto {
  @ApiProperty({
    example: 'https://example.org/api/calendar/3q2….ics',
    description: 'private; anyone with it reads the calendar',
  })
  url: string;
}

export class CreateCoverRequestDto {
  @ApiProperty({ example: '2021-08-23/09-11' }) @IsString() @IsWindowKey() windowKey: string;
}

export class CoverRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) rosterId: string;
  @ApiProperty({ enum: DOCTOR_GROUPS }) group: DoctorGroup;
  @ApiProperty() windowKey: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ enum: ['open', 'covered', 'cancelled'] }) status: 'open' | 'covered' | 'cancelled';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coveredBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) coveredAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'full name of the doctor who asked' })
  requestedByName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'full name of the doctor who took the window' })
  coveredByName: string | null;
}

export class AssignCoverDto {
  @ApiProperty({ format: 'uuid', description: 'an eligible doctor (see the candidates)' })
  @IsString()
  @IsUuidString()
  doctorId: string;
}

export class CoverCandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
}

export const COVER_STATUSES = ['open', 'covered', 'cancelled'] as const;

export class CoverRequestListQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: COVER_STATUSES,
    description: 'coordinators only; a doctor always sees open requests',
  })
  @IsOptional()
  @IsIn(COVER_STATUSES)
  status?: (typeof COVER_STATUSES)[number];
}

export class CoverRequestPageDto {
  @ApiProperty({ type: [CoverRequestDto] }) items: CoverRequestDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
