import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { NewPasswordField } from '../auth';
import { PageQuery } from '../common/pagination';
import { EmailField, FullNameField, PhoneField, WindowsCapField } from '../common/people/person-fields';

/** Defaults of an operator's caps: 7 shifts a week, one (8-hour) shift a day. */
export const OPERATOR_DEFAULT_CAPS = { maxWindowsPerWeek: 7, maxWindowsPerDay: 1 } as const;

/** What a coordinator may change on an operator (the login's email stays the admin's business). */
export class OperatorFieldsDto {
  @FullNameField() fullName: string;
  @PhoneField() phone: string;
  @WindowsCapField('week', OPERATOR_DEFAULT_CAPS.maxWindowsPerWeek) maxWindowsPerWeek?: number;
  @WindowsCapField('day', OPERATOR_DEFAULT_CAPS.maxWindowsPerDay) maxWindowsPerDay?: number;
}

export class CreateOperatorDto extends OperatorFieldsDto {
  @EmailField('tongdai.an@example.vn') email: string;
  /** creates the operator's login (role `operator`) */
  @NewPasswordField()
  password: string;
}

export class UpdateOperatorDto extends PartialType(OperatorFieldsDto) {
  @ApiPropertyOptional({ description: 'false takes the operator off new rosters and disables their login' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class OperatorListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'search in name, email and phone' })
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

export class OperatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "the operator's login" })
  userId: string | null;
  @ApiProperty() fullName: string;
  @ApiProperty({ example: '+84889556655' }) phone: string;
  @ApiProperty() email: string;
  @ApiProperty() maxWindowsPerWeek: number;
  @ApiProperty() maxWindowsPerDay: number;
  @ApiProperty() active: boolean;
}

export class OperatorPageDto {
  @ApiProperty({ type: [OperatorDto] }) items: OperatorDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
