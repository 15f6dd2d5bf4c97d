import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROLES, Roles } from '../auth';
import { AreasDto, toDistrictDto } from './areas.dto';
import { AreasService } from './areas.service';

@ApiTags('areas')
@ApiBearerAuth()
@Controller('areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  @Roles(...ROLES)
  @Get()
  @ApiOkResponse({
    type: AreasDto,
    description:
      'the districts of the operations area with their wards and official codes (AREAS_FILE; by default Hanoi as of 2021-07-01)',
  })
  list(): AreasDto {
    return {
      province: this.areas.list.file.province.name,
      source: this.areas.source,
      districts: this.areas.districts.map(toDistrictDto),
    };
  }
}
