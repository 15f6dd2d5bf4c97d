/**
 * The doctor groups: a domain vocabulary shared by configuration (each group has its own daily
 * shifts), doctors (each doctor is in one) and shifts (requirements and rosters are per group).
 * It lives on the shared floor so none of those has to import another for it.
 */
export type DoctorGroup = 'consult' | 'active_care';

export const DOCTOR_GROUPS: DoctorGroup[] = ['consult', 'active_care'];

/**
 * Every group a roster is made for: the doctor groups and the hotline's operators (issue 13).
 * Requirements, rosters and windows take any of these; doctors are only ever in a DoctorGroup.
 */
export type RosterGroup = DoctorGroup | 'operators';

export const ROSTER_GROUPS: RosterGroup[] = [...DOCTOR_GROUPS, 'operators'];

export const isDoctorGroup = (group: RosterGroup): group is DoctorGroup => group !== 'operators';
