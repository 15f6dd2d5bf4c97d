import type { DoctorDto } from './dto/doctor.dto';
import type { Doctor } from './doctors.queries';

export const toDoctorDto = (d: Doctor): DoctorDto => ({
  id: d.id,
  fullName: d.fullName,
  phone: d.phone,
  email: d.email,
  specialty: d.specialty,
  yearsOfExperience: d.yearsOfExperience,
  group: d.group,
  languages: d.languages,
  maxWindowsPerWeek: d.maxWindowsPerWeek,
  maxWindowsPerDay: d.maxWindowsPerDay,
  active: d.active,
});
