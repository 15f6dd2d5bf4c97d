import { NewPasswordField } from '../../auth';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { EmailField, FullNameField, PhoneField, WindowsCapField } from '../../common/people/person-fields';
import { Trim } from '../../common/validation/decorators';
import { DOCTOR_GROUPS, DoctorGroup } from '../../common/groups';

/** The consult group takes calls from the public: at least this many years of experience. */
export const CONSULT_MIN_YEARS = 5;
export const consultYearsMessage = `yearsOfExperience must be at least ${CONSULT_MIN_YEARS} for the consult group`;

/** The consult group's 5-years rule, on the field, looking at the group of the same object. */
function ConsultNeedsYears(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'consultNeedsYears',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: consultYearsMessage },
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as { group?: unknown }).group !== 'consult' ||
          typeof value !== 'number' ||
          value >= CONSULT_MIN_YEARS,
      },
    });
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** The doctor's fields as a coordinator writes them (CSV import uses the same rules). */
export class DoctorFieldsDto {
  @FullNameField() fullName: string;
  @PhoneField() phone: string;
  @EmailField('bs.an@example.vn') email: string;

  @ApiProperty({ example: 'Respiratory medicine' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(80)
  specialty: string;

  @ApiProperty({
    minimum: 0,
    maximum: 70,
    description: `the consult group needs at least ${CONSULT_MIN_YEARS}`,
  })
  @IsInt()
  @Min(0)
  @Max(70)
  // The 5-years rule: checked here on create; on update against the merged record by the service.
  @ConsultNeedsYears()
  yearsOfExperience: number;

  @ApiProperty({ enum: DOCTOR_GROUPS })
  @IsIn(DOCTOR_GROUPS)
  group: DoctorGroup;

  @ApiPropertyOptional({
    type: [String],
    default: ['vi'],
    example: ['vi', 'en'],
    description: 'ISO 639-1 codes',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(/^[a-z]{2}$/, { each: true, message: 'languages must be two-letter ISO 639-1 codes' })
  languages?: string[];

  @WindowsCapField('week', 7) maxWindowsPerWeek?: number;
  @WindowsCapField('day', 2) maxWindowsPerDay?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateDoctorDto extends DoctorFieldsDto {
  /** creates the doctor's login */
  @NewPasswordField()
  password: string;
}

export class UpdateDoctorDto extends PartialType(DoctorFieldsDto) {}

export class DoctorListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DOCTOR_GROUPS })
  @IsOptional()
  @IsIn(DOCTOR_GROUPS)
  group?: DoctorGroup;

  @ApiPropertyOptional({ description: 'search in name, email, phone and specialty' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class DoctorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ example: '+84889556655' }) phone: string;
  @ApiProperty() email: string;
  @ApiProperty() specialty: string;
  @ApiProperty() yearsOfExperience: number;
  @ApiProperty({ enum: DOCTOR_GROUPS }) group: DoctorGroup;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty() maxWindowsPerWeek: number;
  @ApiProperty() maxWindowsPerDay: number;
  @ApiProperty() active: boolean;
}

export class DoctorPageDto {
  @ApiProperty({ type: [DoctorDto] }) items: DoctorDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}

export class ImportErrorDto {
  @ApiProperty({ description: 'line in the file; the header is line 1' }) line: number;
  @ApiProperty() message: string;
}

export class ImportResultDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty({ type: [ImportErrorDto] }) errors: ImportErrorDto[];
}
