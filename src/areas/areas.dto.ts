import { ApiProperty } from '@nestjs/swagger';
import type { District, Ward } from './area-list';

export class WardDto {
  @ApiProperty({ example: '00166', description: 'the official (GSO) code' }) code: string;
  @ApiProperty({ example: 'Dịch Vọng', description: 'the name contacts and patients give' }) name: string;
  @ApiProperty({ example: 'phường', description: 'phường, xã or thị trấn' }) type: string;
}

export class DistrictDto {
  @ApiProperty({ example: '005', description: 'the official (GSO) code' }) code: string;
  @ApiProperty({ example: 'Cầu Giấy', description: 'the name contacts, patients and officers give' })
  name: string;
  @ApiProperty({ example: 'quận', description: 'quận, huyện or thị xã' }) type: string;
  @ApiProperty({ type: [WardDto] }) wards: WardDto[];
}

export class AreasDto {
  @ApiProperty({ example: 'Hà Nội' }) province: string;
  @ApiProperty({ description: 'where the list comes from' }) source: string;
  @ApiProperty({ type: [DistrictDto] }) districts: DistrictDto[];
}

const toWardDto = (w: Ward): WardDto => ({ code: w.code, name: w.name, type: w.type });

export const toDistrictDto = (d: District): DistrictDto => ({
  code: d.code,
  name: d.name,
  type: d.type,
  wards: d.wards.map(toWardDto),
});
