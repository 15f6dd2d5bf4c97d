import type { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents } from '../common/events';
import type { CoordinatorEvent, DoctorEvent } from '../common/events';
import type {
  FollowUpAssignedPayload,
  FollowUpOverduePayload,
  PatientEscalatedPayload,
  PatientTierChangedPayload,
} from './patient.types';

type Pending = { name: string; event: unknown };

/**
 * Events gathered while a transaction runs and published only after it commits (a rolled-back
 * change must not ring anyone's bell).
 */
export class PendingEvents {
  private readonly items: Pending[] = [];

  followUpAssigned(doctorId: string | null, payload: FollowUpAssignedPayload): void {
    if (doctorId)
      this.push<DoctorEvent<FollowUpAssignedPayload>>(DomainEvents.FollowUpAssigned, { doctorId, payload });
  }

  tierChanged(doctorId: string | null, payload: PatientTierChangedPayload): void {
    if (doctorId)
      this.push<DoctorEvent<PatientTierChangedPayload>>(DomainEvents.PatientTierChanged, {
        doctorId,
        payload,
      });
  }

  escalated(payload: PatientEscalatedPayload): void {
    this.push<CoordinatorEvent<PatientEscalatedPayload>>(DomainEvents.PatientEscalated, { payload });
  }

  followUpOverdue(payload: FollowUpOverduePayload): void {
    this.push<CoordinatorEvent<FollowUpOverduePayload>>(DomainEvents.FollowUpOverdue, { payload });
  }

  get size(): number {
    return this.items.length;
  }

  publish(emitter: EventEmitter2): void {
    for (const { name, event } of this.items.splice(0)) emitter.emit(name, event);
  }

  private push<E>(name: string, event: E): void {
    this.items.push({ name, event });
  }
}
