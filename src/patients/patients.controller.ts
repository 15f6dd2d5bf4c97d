import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth';
import type { AuthUser } from '../auth';
import { PageQuery } from '../common/pagination';
import { ParseUuid } from '../common/validation/uuid.pipe';
import { AuditPageDto } from '../audit';
import { ObservationInputDto, ObservationPageDto, ObservationResultDto } from './dto/observation.dto';
import {
  CreatePatientDto,
  OverrideTierDto,
  PatientDetailDto,
  PatientDto,
  PatientListQuery,
  PatientPageDto,
  ReassignPatientsDto,
  ReassignResultDto,
  TierHistoryDto,
  UpdatePatientDto,
} from './dto/patient.dto';
import { PatientsService } from './patients.service';

const uuid = ParseUuid();

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Roles('care_team', 'coordinator', 'admin')
  @Post()
  @ApiCreatedResponse({
    type: PatientDto,
    description: 'tier from the rules, an active care doctor assigned, first follow-up due at once',
  })
  create(@Body() body: CreatePatientDto, @CurrentUser() caller: AuthUser): Promise<PatientDto> {
    return this.patients.create(body, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Get()
  @ApiOkResponse({ type: PatientPageDto, description: 'a doctor sees only the patients assigned to them' })
  list(@Query() query: PatientListQuery, @CurrentUser() caller: AuthUser): Promise<PatientPageDto> {
    return this.patients.list(query, caller);
  }

  @Roles('coordinator', 'admin')
  @Post('reassign')
  @HttpCode(200)
  @ApiOkResponse({
    type: ReassignResultDto,
    description: "moves a doctor's patients (and their open follow-ups)",
  })
  reassign(@Body() body: ReassignPatientsDto, @CurrentUser() caller: AuthUser): Promise<ReassignResultDto> {
    return this.patients.reassign(body, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Get(':id')
  @ApiOkResponse({
    type: PatientDetailDto,
    description: "the record, the assigned doctor's name and when the next follow-up is due",
  })
  get(@Param('id', uuid) id: string, @CurrentUser() caller: AuthUser): Promise<PatientDetailDto> {
    return this.patients.get(id, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Patch(':id')
  @ApiOkResponse({ type: PatientDto, description: 'a status other than under_care stops follow-ups' })
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdatePatientDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PatientDto> {
    return this.patients.update(id, body, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Post(':id/observations')
  @ApiCreatedResponse({
    type: ObservationResultDto,
    description: 'out-of-range values are 400, naming the field',
  })
  observe(
    @Param('id', uuid) id: string,
    @Body() body: ObservationInputDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ObservationResultDto> {
    return this.patients.observe(id, body, caller);
  }

  @Roles('care_team', 'doctor')
  @Put(':id/risk-tier')
  @ApiOkResponse({
    type: PatientDto,
    description: "care team or the patient's own doctor; stands until an observation assesses higher",
  })
  overrideTier(
    @Param('id', uuid) id: string,
    @Body() body: OverrideTierDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<PatientDto> {
    return this.patients.overrideTier(id, body, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Get(':id/history')
  @ApiOkResponse({
    type: TierHistoryDto,
    description: 'every tier change, oldest first, with who, when and why',
  })
  history(
    @Param('id', uuid) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<TierHistoryDto> {
    return this.patients.history(id, query, caller);
  }

  @Roles('care_team', 'coordinator', 'admin', 'doctor')
  @Get(':id/observations')
  @ApiOkResponse({
    type: ObservationPageDto,
    description: "every observation, newest first, each with the rules' assessment; the read is audited",
  })
  observations(
    @Param('id', uuid) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<ObservationPageDto> {
    return this.patients.observations(id, query, caller);
  }

  @Roles('coordinator', 'admin')
  @Get(':id/audit')
  @ApiOkResponse({ type: AuditPageDto, description: 'who read or changed the record, newest first' })
  audit(
    @Param('id', uuid) id: string,
    @Query() query: PageQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<AuditPageDto> {
    return this.patients.auditTrail(id, query, caller);
  }
}
