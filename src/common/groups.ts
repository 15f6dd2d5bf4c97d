/**
 * The doctor groups: a domain vocabulary shared by configuration (each group has its own daily
 * shifts), doctors (each doctor is in one) and shifts (requirements and rosters are per group).
 * It lives on the shared floor so none of those has to import another for it.
 */
export type DoctorGroup = 'consult' | 'active_care';

export const DOCTOR_GROUPS: DoctorGroup[] = ['consult', 'active_care'];
