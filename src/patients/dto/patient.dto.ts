import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsLocalDate, IsUuidString, IsVietnamesePhone, Trim } from '../../common/validation/decorators';
import { COMORBIDITIES, RISK_TIERS } from '../../triage';
import type { Comorbidity, RiskTier } from '../../triage';
import { CARE_SETTINGS, PATIENT_STATUSES, SEXES, TIER_SOURCES } from '../patient.types';
import type { CareSetting, PatientStatus, Sex, TierSource } from '../patient.types';

export class CreatePatientDto {
  @ApiProperty({ example: 'Nguyễn Thị Lan' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  fullName: string;

  @ApiProperty({ example: '0912345678', description: 'Vietnamese number; stored and returned as E.164' })
  @IsString()
  @IsVietnamesePhone()
  phone: string;

  @ApiProperty({ example: '1968-04-12', format: 'date' })
  @IsString()
  @IsLocalDate()
  dateOfBirth: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex: Sex;

  @ApiProperty({ example: 'Hoàng Mai' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(80)
  district: string;

  @ApiPropertyOptional({ example: 'Định Công' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  ward?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiProperty({ enum: CARE_SETTINGS })
  @IsIn(CARE_SETTINGS)
  careSetting: CareSetting;

  @ApiPropertyOptional({ description: 'when the infection was confirmed (ISO 8601 instant)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  confirmedAt?: string;

  @ApiPropertyOptional({ enum: COMORBIDITIES, isArray: true, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMORBIDITIES.length)
  @ArrayUnique()
  @IsIn(COMORBIDITIES, { each: true, message: `comorbidities must be among ${COMORBIDITIES.join(', ')}` })
  comorbidities?: Comorbidity[];

  @ApiPropertyOptional({
    default: false,
    description: "refused (400) with sex male or under 10 years on today's date in OPERATIONS_TZ",
  })
  @IsOptional()
  @IsBoolean()
  pregnant?: boolean;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  vaccineDoses?: number;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsString()
  @IsLocalDate()
  lastDoseDate?: string;

  @ApiPropertyOptional({ enum: PATIENT_STATUSES, default: 'under_care' })
  @IsOptional()
  @IsIn(PATIENT_STATUSES)
  status?: PatientStatus;
}

/** Any field of a patient; a status other than `under_care` stops follow-ups. */
export class UpdatePatientDto extends PartialType(CreatePatientDto) {}

export class PatientListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RISK_TIERS })
  @IsOptional()
  @IsIn(RISK_TIERS)
  tier?: RiskTier;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  district?: string;

  @ApiPropertyOptional({ enum: PATIENT_STATUSES })
  @IsOptional()
  @IsIn(PATIENT_STATUSES)
  status?: PatientStatus;

  @ApiPropertyOptional({ description: 'search in name and phone' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class PatientDto {
  @ApiProperty() id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ example: '+84912345678' }) phone: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: SEXES }) sex: Sex;
  @ApiProperty() district: string;
  @ApiProperty({ nullable: true, type: String }) ward: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ enum: CARE_SETTINGS }) careSetting: CareSetting;
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ enum: COMORBIDITIES, isArray: true }) comorbidities: Comorbidity[];
  @ApiProperty() pregnant: boolean;
  @ApiProperty() vaccineDoses: number;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) lastDoseDate: string | null;
  @ApiProperty({ enum: PATIENT_STATUSES }) status: PatientStatus;
  @ApiProperty({ enum: RISK_TIERS }) riskTier: RiskTier;
  @ApiProperty({ enum: TIER_SOURCES }) tierSource: TierSource;
  @ApiProperty() tierChangedAt: string;
  @ApiProperty({ nullable: true, type: String }) assignedDoctorId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class PatientTierCountsDto {
  @ApiProperty() green: number;
  @ApiProperty() yellow: number;
  @ApiProperty() orange: number;
  @ApiProperty() red: number;
}

/** The patient page: the record and what the care team needs beside it. */
export class PatientDetailDto extends PatientDto {
  @ApiProperty({ nullable: true, type: String, description: "the assigned doctor's full name" })
  assignedDoctorName: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'when the next open follow-up is due; null when none is open',
  })
  nextFollowUpDueAt: string | null;
}

export class PatientPageDto {
  @ApiProperty({ type: [PatientDto] }) items: PatientDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty({
    type: PatientTierCountsDto,
    description: 'how many patients each tier holds under the same filters, the tier filter left out',
  })
  tierCounts: PatientTierCountsDto;
}

export class OverrideTierDto {
  @ApiProperty({ enum: RISK_TIERS })
  @IsIn(RISK_TIERS)
  tier: RiskTier;

  @ApiProperty({ example: 'worsening cough on video call', description: 'why; kept in the history' })
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class TierChangeDto {
  @ApiProperty() at: string;
  @ApiProperty({ enum: RISK_TIERS, nullable: true, description: 'null for the first tier of the patient' })
  from: RiskTier | null;
  @ApiProperty({ enum: RISK_TIERS }) to: RiskTier;
  @ApiProperty({ enum: TIER_SOURCES }) source: TierSource;
  @ApiProperty({ type: [String], description: 'rules that fired, or the reason given for an override' })
  reasons: string[];
  @ApiProperty({ nullable: true, type: String, description: 'user id' }) changedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) changedByRole: string | null;
  @ApiProperty({ nullable: true, type: String }) assessmentId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'vn-moh-2021.2',
    description: 'the rule set that made the assessment; null for an override',
  })
  ruleSet: string | null;
}

export class TierHistoryDto {
  @ApiProperty({ type: [TierChangeDto] }) items: TierChangeDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class ReassignPatientsDto {
  @ApiProperty({ description: 'the doctor whose patients move' })
  @IsUuidString()
  fromDoctorId: string;

  @ApiPropertyOptional({
    description: 'one active care doctor to take them all; without it they are spread by fewest patients',
  })
  @IsOptional()
  @IsUuidString()
  toDoctorId?: string;
}

export class ReassignedToDto {
  @ApiProperty() doctorId: string;
  @ApiProperty() patients: number;
}

export class ReassignResultDto {
  @ApiProperty() moved: number;
  @ApiProperty({ type: [ReassignedToDto] }) to: ReassignedToDto[];
}
