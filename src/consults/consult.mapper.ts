import type { ConsultOfferedPayload, DomainEventMap, RevokeReason } from '../common/events';
import type { ConsultDto, ConsultOutcome, ConsultStatus, OfferDto, OfferStatus } from './consult.dto';
import { isoOrNull } from '../common/time/instants';

/** A `consults` row as raw SQL returns it (snake_case, Date instants). */
export interface ConsultRow {
  id: string;
  status: ConsultStatus;
  caller_name: string | null;
  caller_phone: string;
  reason: string;
  language: string | null;
  patient_id: string | null;
  created_at: Date;
  queued_at: Date;
  assigned_doctor_id: string | null;
  assigned_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  outcome: ConsultOutcome | null;
  notes: string | null;
  created_by: string | null;
}

export interface OfferRow {
  id: string;
  consult_id: string;
  doctor_id: string;
  status: OfferStatus;
  created_at: Date;
  expires_at: Date;
  answered_at: Date | null;
  reason: string | null;
}

export function toConsultDto(row: ConsultRow): ConsultDto {
  return {
    id: row.id,
    status: row.status,
    callerName: row.caller_name,
    callerPhone: row.caller_phone,
    reason: row.reason,
    language: row.language,
    patientId: row.patient_id,
    createdAt: row.created_at.toISOString(),
    assignedDoctorId: row.assigned_doctor_id,
    assignedAt: isoOrNull(row.assigned_at),
    completedAt: isoOrNull(row.completed_at),
    cancelledAt: isoOrNull(row.cancelled_at),
    outcome: row.outcome,
    notes: row.notes,
  };
}

/** What a doctor sees in `consult:offered`: no caller phone (nor notes) before acceptance. */
export type OfferedConsultView = Omit<ConsultDto, 'callerPhone' | 'notes'>;

export function toOfferedConsultView(row: ConsultRow): OfferedConsultView {
  const { callerPhone: _phone, notes: _notes, ...rest } = toConsultDto(row);
  return rest;
}

export function toOfferDto(row: OfferRow): OfferDto {
  return {
    id: row.id,
    consultId: row.consult_id,
    doctorId: row.doctor_id,
    status: row.status,
    expiresAt: row.expires_at.toISOString(),
  };
}

export function toOfferedPayload(offer: OfferRow, consult: ConsultRow): ConsultOfferedPayload {
  return {
    offerId: offer.id,
    expiresAt: offer.expires_at.toISOString(),
    consult: toOfferedConsultView(consult),
  };
}

/** `consult:offer-revoked` for the doctor the offer was made to. */
export function offerRevoked(
  offer: Pick<OfferRow, 'id' | 'doctor_id'>,
  reason: RevokeReason,
): DomainEventMap['consult.offer-revoked'] {
  return { doctorId: offer.doctor_id, payload: { offerId: offer.id, reason } };
}
