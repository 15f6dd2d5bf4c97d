import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One window a doctor says they can work. The instants are kept beside the key so queries compare instants. */
@Entity('doctor_availability')
export class AvailabilityEntity {
  @PrimaryColumn({ name: 'doctor_id', type: 'uuid' }) doctorId: string;
  @PrimaryColumn({ name: 'window_key', type: 'text' }) windowKey: string;
  @Column({ type: 'date' }) date: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
}
