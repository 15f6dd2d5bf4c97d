import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  CONSCIOUSNESS_LEVELS,
  NEWS2_PARAMETERS,
  OBSERVATION_RANGES,
  RISK_TIERS,
  SYMPTOMS,
} from '../../triage';
import type { Consciousness, RiskTier, Symptom } from '../../triage';

const R = OBSERVATION_RANGES;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
// Whole numbers: a rounded SpO2 of 95 is red, an unrounded 95.4 would slip past "≤ 95" (TRIAGE.md).
const WHOLE = '$property must be a whole number';
const range = (field: keyof typeof R) => `${R[field].min}–${R[field].max} ${R[field].unit}`;
/** The range in the OpenAPI document too, so the console's form checks are compared with it (src/openapi). */
const bounds = (field: keyof typeof R, type: 'integer' | 'number' = 'integer') => ({
  type,
  minimum: R[field].min,
  maximum: R[field].max,
});

/**
 * One set of vital signs; the ranges are TRIAGE.md's "Validation" (400 outside, naming the field):
 * whole numbers but for the temperature, which has at most one decimal.
 */
export class ObservationInputDto {
  @ApiPropertyOptional({
    description: 'ISO 8601 instant with offset; defaults to now',
    example: '2021-08-23T09:30:00+07:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'takenAt must be an ISO 8601 instant' })
  @Matches(WITH_OFFSET, { message: 'takenAt must carry a time zone offset' })
  takenAt?: string;

  @ApiProperty({ ...bounds('spo2'), description: `SpO2 %, ${range('spo2')}`, example: 97 })
  @IsInt({ message: WHOLE })
  @Min(R.spo2.min)
  @Max(R.spo2.max)
  spo2: number;

  @ApiProperty({
    ...bounds('respiratoryRate'),
    description: `breaths per minute, ${range('respiratoryRate')}`,
    example: 16,
  })
  @IsInt({ message: WHOLE })
  @Min(R.respiratoryRate.min)
  @Max(R.respiratoryRate.max)
  respiratoryRate: number;

  @ApiPropertyOptional({ ...bounds('heartRate'), description: `pulse, ${range('heartRate')}` })
  @IsOptional()
  @IsInt({ message: WHOLE })
  @Min(R.heartRate.min)
  @Max(R.heartRate.max)
  heartRate?: number;

  @ApiPropertyOptional({ ...bounds('temperature', 'number'), description: `°C, ${range('temperature')}` })
  @IsOptional()
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 },
    { message: '$property must be a number with at most one decimal' },
  )
  @Min(R.temperature.min)
  @Max(R.temperature.max)
  temperature?: number;

  @ApiPropertyOptional({ ...bounds('systolicBp'), description: `mmHg, ${range('systolicBp')}` })
  @IsOptional()
  @IsInt({ message: WHOLE })
  @Min(R.systolicBp.min)
  @Max(R.systolicBp.max)
  systolicBp?: number;

  @ApiPropertyOptional({ ...bounds('diastolicBp'), description: `mmHg, ${range('diastolicBp')}` })
  @IsOptional()
  @IsInt({ message: WHOLE })
  @Min(R.diastolicBp.min)
  @Max(R.diastolicBp.max)
  diastolicBp?: number;

  @ApiPropertyOptional({ enum: CONSCIOUSNESS_LEVELS, default: 'alert' })
  @IsOptional()
  @IsIn(CONSCIOUSNESS_LEVELS)
  consciousness?: Consciousness;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  onOxygen?: boolean;

  @ApiPropertyOptional({ enum: SYMPTOMS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYMPTOMS.length)
  @ArrayUnique()
  @IsIn(SYMPTOMS, { each: true, message: `symptoms must be among ${SYMPTOMS.join(', ')}` })
  symptoms?: Symptom[];
}

export class ObservationDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() takenAt: string;
  @ApiProperty() spo2: number;
  @ApiProperty() respiratoryRate: number;
  @ApiProperty({ nullable: true, type: Number }) heartRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) temperature: number | null;
  @ApiProperty({ nullable: true, type: Number }) systolicBp: number | null;
  @ApiProperty({ nullable: true, type: Number }) diastolicBp: number | null;
  @ApiProperty({ nullable: true, enum: CONSCIOUSNESS_LEVELS }) consciousness: Consciousness | null;
  @ApiProperty() onOxygen: boolean;
  @ApiProperty({ enum: SYMPTOMS, isArray: true }) symptoms: Symptom[];
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
}

export class News2Dto {
  @ApiProperty() total: number;
  @ApiPropertyOptional({ description: 'whether all seven parameters were given (from `vn-moh-2021.2`)' })
  complete?: boolean;
  @ApiProperty({
    description: `points per parameter (${NEWS2_PARAMETERS.join(', ')}); null when not measured`,
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
  })
  scores: Record<string, number | null>;
}

export class AssessmentDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: RISK_TIERS }) tier: RiskTier;
  @ApiProperty({ type: [String], example: ['danger:spo2<=95'] }) reasons: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'vn-moh-2021.2',
    description: 'null for an override',
  })
  ruleSet: string | null;
  @ApiProperty({
    nullable: true,
    type: News2Dto,
    description: 'null without an observation, and under 16 years',
  })
  news2: News2Dto | null;
  @ApiProperty({ enum: ['rules', 'override'] }) source: 'rules' | 'override';
  @ApiProperty({
    description: "whether it set the patient's tier (a lower assessment leaves an override in place)",
  })
  applied: boolean;
  @ApiProperty() at: string;
}

export class ObservationResultDto {
  @ApiProperty({ type: ObservationDto }) observation: ObservationDto;
  @ApiProperty({ type: AssessmentDto }) assessment: AssessmentDto;
}

export class ObservationEntryDto {
  @ApiProperty({ type: ObservationDto }) observation: ObservationDto;
  @ApiProperty({ type: AssessmentDto, nullable: true, description: 'the rules’ assessment of it' })
  assessment: AssessmentDto | null;
}

export class ObservationPageDto {
  @ApiProperty({ type: [ObservationEntryDto], description: 'newest first (by when taken)' })
  items: ObservationEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
