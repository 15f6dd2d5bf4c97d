import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from './role';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) email: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ name: 'full_name', type: 'text' }) fullName: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ name: 'doctor_id', type: 'uuid', nullable: true }) doctorId: string | null;
  /** a district officer's district, a name of the areas list (src/areas) */
  @Column({ type: 'text', nullable: true }) district: string | null;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  /** in every token; bumping it voids every token issued before */
  @Column({ name: 'token_version', type: 'int', default: 0 }) tokenVersion: number;
  @Column({ name: 'must_change_password', type: 'boolean', default: false }) mustChangePassword: boolean;
  /** base32 TOTP secret: pending until `otpEnabled` */
  @Column({ name: 'otp_secret', type: 'text', nullable: true }) otpSecret: string | null;
  @Column({ name: 'otp_enabled', type: 'boolean', default: false }) otpEnabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
