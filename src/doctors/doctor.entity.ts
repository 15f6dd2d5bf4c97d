import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DoctorGroup } from '../common/groups';

@Entity('doctors')
export class DoctorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'full_name', type: 'text' }) fullName: string;
  /** E.164 */
  @Column({ type: 'text' }) phone: string;
  @Column({ type: 'text', unique: true }) email: string;
  @Column({ type: 'text' }) specialty: string;
  @Column({ name: 'years_of_experience', type: 'int' }) yearsOfExperience: number;
  @Column({ type: 'text' }) group: DoctorGroup;
  @Column({ type: 'text', array: true }) languages: string[];
  @Column({ name: 'max_windows_per_week', type: 'int' }) maxWindowsPerWeek: number;
  @Column({ name: 'max_windows_per_day', type: 'int' }) maxWindowsPerDay: number;
  @Column({ type: 'boolean' }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
