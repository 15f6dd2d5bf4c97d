import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainException } from '../common/errors/domain.exception';
import { DoctorGroup, RosterGroup } from '../common/groups';
import { AppConfig } from '../config/app-config';
import { DoctorShiftDto } from './dto/shifts.dto';
import { checkRange } from '../common/time/ranges';
import { vtimezone } from '../common/time/vtimezone';
import { addDays, localDateOf } from '../common/time/windows';
import { rows } from '../common/sql';

/** Calendar feeds read this much past and future unless asked otherwise. */
const FEED_PAST_DAYS = 60;
const FEED_FUTURE_DAYS = 180;
const MAX_FEED_DAYS = 400;

export interface CalendarEventRow {
  doctorId: string;
  windowKey: string;
  group: DoctorGroup;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  cancelled: boolean;
  stamp: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A doctor's published shifts, as JSON and as an iCalendar feed. Each (doctor, window) event has a
 * UID that never changes and a SEQUENCE that goes up whenever the event changes; windows taken off
 * the doctor's roster stay in the feed as CANCELLED so calendar apps remove them. Times are written
 * in OPERATIONS_TZ with TZID and a VTIMEZONE built from the zone data.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** An unknown doctor is a 404 (who may ask is `Resource.Doctor`'s policy, checked by the route). */
  async assertDoctor(doctorId: string): Promise<void> {
    const [row] = await rows<unknown>(this.db, `SELECT 1 FROM doctors WHERE id = $1`, [doctorId]);
    if (!row) throw DomainException.notFound('doctor');
  }

  private range(from?: string, to?: string): { from: string; to: string } {
    const today = localDateOf(this.clock.now(), this.config.operationsTz);
    const range = {
      from: from ?? addDays(today, -FEED_PAST_DAYS),
      to: to ?? addDays(today, FEED_FUTURE_DAYS),
    };
    checkRange(range.from, range.to, MAX_FEED_DAYS);
    return range;
  }

  /** A person's windows on published rosters: a doctor's, or (`operator_id`) an operator's. */
  async shifts(
    doctorId: string,
    from?: string,
    to?: string,
    column: 'doctor_id' | 'operator_id' = 'doctor_id',
  ): Promise<DoctorShiftDto[]> {
    const range = this.range(from, to);
    const found = await rows<{
      window_key: string;
      group: RosterGroup;
      starts_at: Date;
      ends_at: Date;
      roster_id: string;
    }>(
      this.db,
      `SELECT ra.window_key, r."group", ra.starts_at, ra.ends_at, r.id AS roster_id
         FROM roster_assignments ra
         JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
        WHERE ra.${column} = $1 AND ra.date BETWEEN $2 AND $3
        ORDER BY ra.starts_at`,
      [doctorId, range.from, range.to],
    );
    return found.map((r) => ({
      windowKey: r.window_key,
      group: r.group,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      rosterId: r.roster_id,
    }));
  }

  /** Confirmed events (the published roster) and cancelled ones (taken off it), with their sequence numbers. */
  async events(doctorId: string, from: string, to: string): Promise<CalendarEventRow[]> {
    return await rows<CalendarEventRow>(
      this.db,
      `SELECT ra.doctor_id AS "doctorId", ra.window_key AS "windowKey", r."group", ra.starts_at AS "startsAt",
              ra.ends_at AS "endsAt", coalesce(ce.sequence, 0) AS sequence, false AS cancelled,
              coalesce(ce.updated_at, r.published_at) AS stamp
         FROM roster_assignments ra
         JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
         LEFT JOIN calendar_events ce ON ce.doctor_id = ra.doctor_id AND ce.window_key = ra.window_key
        WHERE ra.doctor_id = $1 AND ra.date BETWEEN $2 AND $3
       UNION ALL
       SELECT ce.doctor_id, ce.window_key, d."group", ce.starts_at, ce.ends_at, ce.sequence, true, ce.updated_at
         FROM calendar_events ce
         JOIN doctors d ON d.id = ce.doctor_id
        WHERE ce.doctor_id = $1 AND ce.cancelled
          AND ce.starts_at >= $4 AND ce.starts_at < $5
          AND NOT EXISTS (SELECT 1 FROM roster_assignments ra JOIN rosters r ON r.id = ra.roster_id AND r.status = 'published'
                           WHERE ra.doctor_id = ce.doctor_id AND ra.window_key = ce.window_key)
        ORDER BY "startsAt"`,
      [
        doctorId,
        from,
        to,
        DateTime.fromISO(from, { zone: this.config.operationsTz }).toJSDate(),
        DateTime.fromISO(addDays(to, 1), { zone: this.config.operationsTz }).toJSDate(),
      ],
    );
  }

  async ics(doctorId: string, from?: string, to?: string): Promise<string> {
    const range = this.range(from, to);
    return renderCalendar(await this.events(doctorId, range.from, range.to), this.config.operationsTz, range);
  }

  /** A new private feed URL path for the doctor; any earlier token stops working. */
  async issueToken(doctorId: string): Promise<string> {
    await this.assertDoctor(doctorId);
    const token = randomBytes(32).toString('base64url');
    await rows(
      this.db,
      `INSERT INTO calendar_tokens (doctor_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (doctor_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
      [doctorId, hashToken(token), this.clock.now()],
    );
    return `/api/calendar/${token}.ics`;
  }

  async revokeToken(doctorId: string): Promise<void> {
    await this.assertDoctor(doctorId);
    await rows(this.db, `DELETE FROM calendar_tokens WHERE doctor_id = $1`, [doctorId]);
  }

  /** The feed a token opens; an unknown or revoked token is a 404. */
  async icsByToken(token: string): Promise<string> {
    const [row] = await rows<{
      doctor_id: string;
    }>(this.db, `SELECT doctor_id FROM calendar_tokens WHERE token_hash = $1`, [hashToken(token)]);
    if (!row) throw DomainException.notFound('calendar');
    return this.ics(row.doctor_id);
  }
}

const GROUP_LABEL: Record<DoctorGroup, string> = {
  consult: 'consult window',
  active_care: 'active care shift',
};

/** Pure: events → iCalendar text. UID `<doctorId>.<date>T<shift>@donghanh`, stable across publishes. */
export function renderCalendar(
  events: readonly CalendarEventRow[],
  zone: string,
  range: { from: string; to: string },
): string {
  const cal = ical({
    name: 'Dong Hanh shifts',
    prodId: { company: 'Dong Hanh', product: 'rosters', language: 'EN' },
  });
  cal.x('X-WR-TIMEZONE', zone);
  for (const e of events) {
    const [date, shift] = e.windowKey.split('/');
    cal.createEvent({
      id: `${e.doctorId}.${date}T${shift}@donghanh`,
      sequence: e.sequence,
      stamp: new Date(e.stamp),
      start: DateTime.fromJSDate(new Date(e.startsAt), { zone }),
      end: DateTime.fromJSDate(new Date(e.endsAt), { zone }),
      timezone: zone,
      summary: `Dong Hanh ${GROUP_LABEL[e.group]} ${shift}`,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  const text = cal.toString();
  const fromYear = Number(range.from.slice(0, 4)) - 1;
  const toYear = Number(range.to.slice(0, 4)) + 1;
  const tz = `${vtimezone(zone, fromYear, toYear)}\r\n`;
  const at = text.indexOf('BEGIN:VEVENT');
  const whole =
    at >= 0 ? text.slice(0, at) + tz + text.slice(at) : text.replace('END:VCALENDAR', `${tz}END:VCALENDAR`);
  // RFC 5545 §3.1: every content line ends with CRLF, the last one too (ical-generator leaves it off)
  return whole.endsWith('\r\n') ? whole : `${whole}\r\n`;
}
