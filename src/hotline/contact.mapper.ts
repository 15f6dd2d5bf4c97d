import type { ContactDto, ContactStepDto } from './contact.dto';
import {
  overdueKind,
  type Branch,
  type Category,
  type Channel,
  type ContactStatus,
  type ContactStep,
  type OverdueLimits,
} from './contact.rules';
import { isoOrNull } from '../common/time/instants';

/** A `contacts` row as PostgreSQL returns it. */
export interface ContactRow {
  id: string;
  channel: Channel;
  branch: Branch;
  category: Category;
  caller_phone: string | null;
  caller_name: string | null;
  summary: string;
  district: string;
  ward: string | null;
  address: string | null;
  received_at: Date;
  status: ContactStatus;
  operator_id: string;
  consult_id: string | null;
  transferred_at: Date | null;
  answer: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  forward_district: string | null;
  forward_ward: string | null;
  forward_note: string | null;
  forwarded_at: Date | null;
  forwarded_by: string | null;
  acknowledged_at: Date | null;
  officer_id: string | null;
  handled_at: Date | null;
  handled_by: string | null;
  result: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  return_reason: string | null;
}

export interface ContactStepRow {
  step: ContactStep;
  at: Date;
  user_id: string;
  detail: Record<string, unknown>;
}

/** Row → response, on purpose: `overdue` is computed at `now` with the configured limits. */
export function toContactDto(
  row: ContactRow,
  now: Date,
  limits: OverdueLimits,
  steps?: ContactStepRow[],
): ContactDto {
  const forwardedAt = row.forwarded_at ? new Date(row.forwarded_at) : null;
  return {
    id: row.id,
    channel: row.channel,
    branch: Number(row.branch) as Branch,
    category: row.category,
    callerPhone: row.caller_phone,
    callerName: row.caller_name,
    summary: row.summary,
    district: row.district,
    ward: row.ward,
    address: row.address,
    receivedAt: new Date(row.received_at).toISOString(),
    status: row.status,
    operatorId: row.operator_id,
    consultId: row.consult_id,
    transferredAt: isoOrNull(row.transferred_at),
    answer: row.answer,
    resolvedAt: isoOrNull(row.resolved_at),
    resolvedBy: row.resolved_by,
    forward:
      row.forward_district && forwardedAt
        ? {
            district: row.forward_district,
            ward: row.forward_ward,
            note: row.forward_note,
            forwardedAt: forwardedAt.toISOString(),
            forwardedBy: row.forwarded_by as string,
            acknowledgedAt: isoOrNull(row.acknowledged_at),
            officerId: row.officer_id,
            handledAt: isoOrNull(row.handled_at),
            handledBy: row.handled_by,
            result: row.result,
            overdue: overdueKind({ status: row.status, forwardedAt }, now, limits),
          }
        : null,
    lastReturn:
      row.returned_at && row.returned_by
        ? {
            returnedAt: isoOrNull(row.returned_at) as string,
            returnedBy: row.returned_by,
            reason: row.return_reason ?? '',
          }
        : null,
    ...(steps ? { steps: steps.map(toStepDto) } : {}),
  };
}

const toStepDto = (s: ContactStepRow): ContactStepDto => ({
  step: s.step,
  at: new Date(s.at).toISOString(),
  userId: s.user_id,
  detail: s.detail,
});
