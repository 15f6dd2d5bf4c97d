import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth';
import { RequireAccess, Resource } from '../common/access';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { AvailabilityService } from './availability.service';
import { DoctorImportService } from './doctor-import.service';
import { IMPORT_COLUMNS } from './doctor-import';
import { toDoctorDto } from './doctor.mapper';
import { DoctorsService } from './doctors.service';
import { AvailabilityDto, AvailabilityRangeQuery, PutAvailabilityDto } from './dto/availability.dto';
import {
  CreateDoctorDto,
  DoctorDto,
  DoctorListQuery,
  DoctorPageDto,
  ImportResultDto,
  UpdateDoctorDto,
} from './dto/doctor.dto';

const uuid = ParseUuid();

@ApiTags('doctors')
@ApiBearerAuth()
@Controller('doctors')
export class DoctorsController {
  constructor(
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
    private readonly importer: DoctorImportService,
  ) {}

  @Roles('coordinator', 'admin')
  @Post()
  @ApiCreatedResponse({ type: DoctorDto })
  create(@Body() body: CreateDoctorDto): Promise<DoctorDto> {
    return this.doctors.create(body);
  }

  @Roles('coordinator', 'admin')
  @Get()
  @ApiOkResponse({ type: DoctorPageDto })
  list(@Query() query: DoctorListQuery): Promise<DoctorPageDto> {
    return this.doctors.list(query);
  }

  @Roles('coordinator', 'admin')
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `CSV with the header ${IMPORT_COLUMNS.join(',')}; languages separated by |`,
    schema: {
      type: 'string',
      example: `${IMPORT_COLUMNS.join(',')}\nNguyễn Văn An,0889556655,an@example.vn,Respiratory medicine,12,consult,vi|en`,
    },
  })
  @ApiOkResponse({ type: ImportResultDto })
  import(@Body() csv: unknown): Promise<ImportResultDto> {
    return this.importer.import(csv);
  }

  @Roles('coordinator', 'admin', 'doctor')
  @RequireAccess(Resource.Doctor)
  @Get(':id')
  @ApiOkResponse({ type: DoctorDto })
  async get(@Param('id', uuid) id: string): Promise<DoctorDto> {
    return toDoctorDto(await this.doctors.get(id));
  }

  @Roles('coordinator', 'admin')
  @Patch(':id')
  @ApiOkResponse({ type: DoctorDto, description: 'deactivate with { "active": false }' })
  update(@Param('id', uuid) id: string, @Body() body: UpdateDoctorDto): Promise<DoctorDto> {
    return this.doctors.update(id, body);
  }

  @Roles('coordinator', 'admin', 'doctor')
  @RequireAccess(Resource.Doctor)
  @Put(':id/availability')
  @ApiOkResponse({ type: AvailabilityDto })
  async putAvailability(
    @Param('id', uuid) id: string,
    @Body() body: PutAvailabilityDto,
  ): Promise<AvailabilityDto> {
    const doctor = await this.doctors.get(id);
    return { windows: await this.availability.replace(doctor, body.from, body.to, body.windows) };
  }

  @Roles('coordinator', 'admin', 'doctor')
  @RequireAccess(Resource.Doctor)
  @Get(':id/availability')
  @ApiOkResponse({ type: AvailabilityDto })
  async getAvailability(
    @Param('id', uuid) id: string,
    @Query() query: AvailabilityRangeQuery,
  ): Promise<AvailabilityDto> {
    await this.doctors.get(id);
    return { windows: await this.availability.list(id, query.from, query.to) };
  }
}
