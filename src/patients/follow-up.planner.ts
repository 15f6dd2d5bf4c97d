import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RiskTier } from '../triage';
import { isOnShift, onShiftLoads } from './care-team.queries';
import type { EventBuffer } from '../common/events';
import { rows as rowsOf } from '../common/sql';

export interface PlannedPatient {
  id: string;
  assigned_doctor_id: string | null;
  risk_tier: RiskTier;
}

export interface PlannedFollowUp {
  id: string;
  dueAt: Date;
  doctorId: string | null;
}

/**
 * Writes follow-ups: the one open follow-up of a patient, who gets it, when it is due. A follow-up
 * due now is handed out at once (to the patient's own doctor when on shift, else to the on-shift
 * doctor with the fewest open follow-ups); a later one is held by the patient's own doctor and waits
 * in the dispatch queue for the scheduler, which hands it out when due by who is on shift then.
 * Callers hold the patient's row lock.
 */
@Injectable()
export class FollowUpPlanner {
  /** The doctor for a follow-up due now: own when on shift, else the least loaded on shift, else own. */
  async chooseDoctor(tx: EntityManager, ownDoctorId: string | null, now: Date): Promise<string | null> {
    if (ownDoctorId && (await isOnShift(tx, ownDoctorId, now))) return ownDoctorId;
    return (await onShiftLoads(tx, now)).take() ?? ownDoctorId;
  }

  async schedule(
    tx: EntityManager,
    patient: PlannedPatient,
    dueAt: Date,
    consecutiveMisses: number,
    now: Date,
    events: EventBuffer,
  ): Promise<PlannedFollowUp> {
    const dueNow = dueAt.getTime() <= now.getTime();
    const doctorId = dueNow
      ? await this.chooseDoctor(tx, patient.assigned_doctor_id, now)
      : patient.assigned_doctor_id;
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO follow_ups (patient_id, doctor_id, tier, due_at, consecutive_misses, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [patient.id, doctorId, patient.risk_tier, dueAt, consecutiveMisses, now],
    );
    if (dueNow) {
      if (doctorId)
        events.add('followup.assigned', {
          doctorId,
          payload: {
            followUpId: row.id,
            patientId: patient.id,
            dueAt: dueAt.toISOString(),
            tier: patient.risk_tier,
          },
        });
    } else {
      await tx.query(
        `INSERT INTO follow_up_dispatch_queue (follow_up_id, patient_id, doctor_id, tier, due_at) VALUES ($1, $2, $3, $4, $5)`,
        [row.id, patient.id, doctorId, patient.risk_tier, dueAt],
      );
    }
    return { id: row.id, dueAt, doctorId };
  }

  /**
   * After a rise in tier: the open follow-up is due no later than `dueAt` and carries the new tier;
   * when that makes it due now and it was still waiting, it is handed out at once.
   */
  async bringForward(
    tx: EntityManager,
    patient: PlannedPatient,
    dueAt: Date,
    now: Date,
    events: EventBuffer,
  ): Promise<void> {
    const [open] = await rowsOf<{ id: string; due_at: Date }>(
      tx,
      `UPDATE follow_ups SET due_at = LEAST(due_at, $2), tier = $3
       WHERE patient_id = $1 AND status = 'open' RETURNING id, due_at`,
      [patient.id, dueAt, patient.risk_tier],
    );
    if (!open) {
      await this.schedule(tx, patient, dueAt, 0, now, events);
      return;
    }
    if (open.due_at.getTime() > now.getTime()) {
      await tx.query(`UPDATE follow_up_dispatch_queue SET due_at = $2, tier = $3 WHERE follow_up_id = $1`, [
        open.id,
        open.due_at,
        patient.risk_tier,
      ]);
      return;
    }
    const waiting = await rowsOf<{ follow_up_id: string }>(
      tx,
      `DELETE FROM follow_up_dispatch_queue WHERE follow_up_id = $1 RETURNING follow_up_id`,
      [open.id],
    );
    if (waiting.length === 0) return; // handed out already
    const doctorId = await this.chooseDoctor(tx, patient.assigned_doctor_id, now);
    await tx.query(`UPDATE follow_ups SET doctor_id = $2 WHERE id = $1`, [open.id, doctorId]);
    if (doctorId)
      events.add('followup.assigned', {
        doctorId,
        payload: {
          followUpId: open.id,
          patientId: patient.id,
          dueAt: open.due_at.toISOString(),
          tier: patient.risk_tier,
        },
      });
  }

  /** Stops home follow-up (the patient left `under_care`): the open follow-up is cancelled. */
  async cancelOpen(tx: EntityManager, patientId: string, now: Date): Promise<void> {
    await tx.query(
      `DELETE FROM follow_up_dispatch_queue q USING follow_ups f
       WHERE q.follow_up_id = f.id AND f.patient_id = $1 AND f.status = 'open'`,
      [patientId],
    );
    await tx.query(
      `UPDATE follow_ups SET status = 'cancelled', completed_at = $2 WHERE patient_id = $1 AND status = 'open'`,
      [patientId, now],
    );
  }

  /** A follow-up completed before the scheduler handed it out leaves the queue. */
  async dequeue(tx: EntityManager, followUpId: string): Promise<void> {
    await tx.query(`DELETE FROM follow_up_dispatch_queue WHERE follow_up_id = $1`, [followUpId]);
  }

  async lastCompletedAt(tx: EntityManager, patientId: string): Promise<Date | null> {
    const [row] = await tx.query<{ at: Date | null }[]>(
      `SELECT max(completed_at) AS at FROM follow_ups WHERE patient_id = $1 AND status <> 'open' AND status = 'done'`,
      [patientId],
    );
    return row?.at ?? null;
  }
}
