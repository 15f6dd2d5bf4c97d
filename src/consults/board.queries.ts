import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { rows } from '../common/sql';
import { onShiftSql } from '../shifts';
import type { BoardDoctorStatus, BoardDto } from './board.dto';
import { isoOrNull, secondsSince } from '../common/time/instants';

/** The facts about one doctor that their board status is derived from. */
export interface DoctorFacts {
  /** doctor_presence.status as stored (null: the doctor never connected) */
  presence: string | null;
  connected: boolean;
  offered: boolean;
  onCall: boolean;
}

/**
 * A doctor's status on the supervisor board. A call in progress and a pending offer say what the doctor
 * is doing whatever their socket (the call is by phone; the offer is sent again on reconnect); otherwise
 * a doctor with no socket can get no offer, so is offline; otherwise their presence as stored
 * (`available`, `wrap_up`), anything else (`away`) being away.
 */
export function boardStatus(d: DoctorFacts): BoardDoctorStatus {
  if (d.onCall) return 'on_call';
  if (d.offered) return 'offered';
  if (!d.connected) return 'offline';
  if (d.presence === 'available' || d.presence === 'wrap_up') return d.presence;
  return 'away';
}

interface CallerRow {
  id: string;
  status: 'queued' | 'offered';
  caller_name: string | null;
  reason: string;
  language: string | null;
  created_at: Date;
  passed_by: number;
  offered_to: string | null;
}

interface DoctorRow {
  id: string;
  full_name: string;
  languages: string[];
  presence: string | null;
  presence_since: Date | null;
  last_socket_seen_at: Date | null;
  connected: boolean;
  offered_at: Date | null;
  assigned_at: Date | null;
}

/** At most this many waiting callers on the board (the queue is never near it in practice). */
export const BOARD_MAX_WAITING = 200;

/**
 * The supervisor board (Twilio Flex's queue and agents view), read-only: every waiting caller with
 * how long they have waited and how many doctors passed on them, and every doctor on the consult shift
 * now with what they are doing. Two statements, each an index walk; nothing is written.
 */
@Injectable()
export class ConsultBoard {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async read(): Promise<BoardDto> {
    const now = this.clock.now();
    const [callers, doctors] = await Promise.all([
      rows<CallerRow>(
        this.db,
        `SELECT c.id, c.status, c.caller_name, c.reason, c.language, c.created_at,
           (SELECT count(*)::int FROM consult_offers o
             WHERE o.consult_id = c.id AND o.status IN ('declined', 'expired')) AS passed_by,
           (SELECT d.full_name FROM consult_offers o JOIN doctors d ON d.id = o.doctor_id
             WHERE o.consult_id = c.id AND o.status = 'pending' LIMIT 1) AS offered_to
         FROM consults c WHERE c.status IN ('queued', 'offered')
         ORDER BY c.created_at, c.id LIMIT ${BOARD_MAX_WAITING}`,
      ),
      rows<DoctorRow>(
        this.db,
        `SELECT d.id, d.full_name, d.languages, p.status AS presence, p.since AS presence_since,
           p.last_socket_seen_at,
           EXISTS (SELECT 1 FROM doctor_sockets s WHERE s.doctor_id = d.id) AS connected,
           (SELECT o.created_at FROM consult_offers o
             WHERE o.doctor_id = d.id AND o.status = 'pending' LIMIT 1) AS offered_at,
           (SELECT a.assigned_at FROM consults a
             WHERE a.assigned_doctor_id = d.id AND a.status = 'assigned' LIMIT 1) AS assigned_at
         FROM doctors d LEFT JOIN doctor_presence p ON p.doctor_id = d.id
         WHERE ${onShiftSql('d.id', 'consult', '$1')}
         ORDER BY d.full_name, d.id`,
        [now],
      ),
    ]);
    return {
      now: now.toISOString(),
      waiting: callers.map((c) => ({
        id: c.id,
        status: c.status,
        callerName: c.caller_name,
        reason: c.reason,
        language: c.language,
        createdAt: new Date(c.created_at).toISOString(),
        waitSeconds: secondsSince(now, c.created_at),
        passedBy: c.passed_by,
        offeredTo: c.offered_to,
      })),
      doctors: doctors.map((d) => {
        const status = boardStatus({
          presence: d.presence,
          connected: d.connected,
          offered: d.offered_at !== null,
          onCall: d.assigned_at !== null,
        });
        const since =
          status === 'on_call'
            ? d.assigned_at
            : status === 'offered'
              ? d.offered_at
              : status === 'offline'
                ? d.last_socket_seen_at
                : d.presence_since;
        return { id: d.id, fullName: d.full_name, languages: d.languages, status, since: isoOrNull(since) };
      }),
    };
  }
}
