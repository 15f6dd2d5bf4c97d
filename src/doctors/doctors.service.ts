import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UsersService } from '../auth';
import { DomainException } from '../common/errors/domain.exception';
import { Page, toPage } from '../common/pagination';
import { toVietnameseE164 } from '../common/validation/phone';
import {
  type Doctor,
  doctorById,
  doctorEmailInUse,
  type DoctorFields,
  insertDoctor,
  listDoctors,
  updateDoctor,
} from './doctors.queries';
import { toDoctorDto } from './doctor.mapper';
import {
  CONSULT_MIN_YEARS,
  consultYearsMessage,
  CreateDoctorDto,
  DoctorDto,
  DoctorFieldsDto,
  DoctorListQuery,
  UpdateDoctorDto,
} from './dto/doctor.dto';

/** Defaults of CONTRACT.md for fields a coordinator may leave out. */
export function doctorRecord(fields: DoctorFieldsDto): DoctorFields {
  return {
    fullName: fields.fullName,
    phone: toVietnameseE164(fields.phone) as string,
    email: fields.email.toLowerCase(),
    specialty: fields.specialty,
    yearsOfExperience: fields.yearsOfExperience,
    group: fields.group,
    languages: fields.languages ?? ['vi'],
    maxWindowsPerWeek: fields.maxWindowsPerWeek ?? 7,
    maxWindowsPerDay: fields.maxWindowsPerDay ?? 2,
    active: fields.active ?? true,
  };
}

@Injectable()
export class DoctorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
  ) {}

  async get(id: string): Promise<Doctor> {
    const doctor = await doctorById(this.db, id);
    if (!doctor) throw DomainException.notFound('doctor');
    return doctor;
  }

  /** The doctor and their login in one transaction: both or neither. */
  async create(input: CreateDoctorDto): Promise<DoctorDto> {
    const saved = await this.db.transaction(async (tx) => {
      const doctor = await this.insert(tx, input);
      await this.users.create(
        {
          email: doctor.email,
          password: input.password,
          fullName: doctor.fullName,
          role: 'doctor',
          doctorId: doctor.id,
        },
        tx,
      );
      return doctor;
    });
    return toDoctorDto(saved);
  }

  async insert(tx: EntityManager, fields: DoctorFieldsDto): Promise<Doctor> {
    const email = fields.email.toLowerCase();
    if (await doctorEmailInUse(tx, email)) throw DomainException.conflict(`email ${email} is already in use`);
    return insertDoctor(tx, doctorRecord(fields));
  }

  async list(query: DoctorListQuery): Promise<Page<DoctorDto>> {
    const { rows, total } = await listDoctors(this.db, query, query);
    return toPage(rows, total, query, toDoctorDto);
  }

  /**
   * Checks the merged record, so the 5-years rule holds after every update. Deactivating a doctor
   * voids every token of their login and takes back an offer they hold (the auth domain does both).
   */
  async update(id: string, patch: UpdateDoctorDto): Promise<DoctorDto> {
    const { dto, revoked } = await this.db.transaction(async (tx) => {
      const doctor = await doctorById(tx, id, true);
      if (!doctor) throw DomainException.notFound('doctor');
      const wasActive = doctor.active;
      const merged = { ...doctor, ...stripUndefined(patch) };
      if (merged.group === 'consult' && merged.yearsOfExperience < CONSULT_MIN_YEARS) {
        throw DomainException.invalid([consultYearsMessage]);
      }
      if (patch.email && patch.email !== doctor.email) {
        if (await doctorEmailInUse(tx, patch.email)) {
          throw DomainException.conflict(`email ${patch.email} is already in use`);
        }
      }
      const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = merged;
      const saved = await updateDoctor(tx, id, {
        ...fields,
        phone: patch.phone ? (toVietnameseE164(patch.phone) as string) : doctor.phone,
      });
      if (patch.email || patch.fullName)
        await this.users.syncDoctorLogin(tx, id, saved.email, saved.fullName);
      const revoked = wasActive && !saved.active ? await this.users.revokeDoctorLogin(tx, id) : null;
      return { dto: toDoctorDto(saved), revoked };
    });
    if (revoked) this.users.announceRevoked(revoked);
    return dto;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
