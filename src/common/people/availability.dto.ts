/** A rostered person's availability: a range of dates and the window keys they can work in it. */
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray } from 'class-validator';
import { IsWindowKey, LocalDateField } from '../validation/decorators';

export class AvailabilityRangeQuery {
  @LocalDateField('first date, inclusive') from: string;
  @LocalDateField('last date, inclusive') to: string;
}

export class PutAvailabilityDto extends AvailabilityRangeQuery {
  @ApiProperty({ type: [String], example: ['2021-08-23/09-11', '2021-08-23/19-21'] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsWindowKey({ each: true })
  windows: string[];
}

export class AvailabilityDto {
  @ApiProperty({ type: [String] }) windows: string[];
}
