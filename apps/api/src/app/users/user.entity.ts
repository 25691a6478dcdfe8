import type { Role } from '@rehabit/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('app_user')
@Index('app_user_clinic_idx', ['clinicId', 'role', 'createdAt', 'id'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  /** Stored as given; unique case-insensitively (index on lower(email)). */
  @Column({ length: 254 })
  email: string;

  @Column({ name: 'display_name', length: 120 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** Null until the invitation is accepted: such an account cannot sign in. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
