import type { RosterGroup } from '../common/groups';

/**
 * Who a group's roster is made of, as SQL names: doctors of a doctor group, or the hotline's
 * operators. A roster assignment names its person in `doctor_id` or `operator_id` (exactly one, the
 * database checks). Fixed strings only, never user input, so they may be put in SQL text.
 */
export interface RosterPeople {
  /** the person column of roster_assignments */
  readonly column: 'doctor_id' | 'operator_id';
  /** the active people of the group with their availability in [$2, $3] ($1 is the group) */
  readonly availableSql: string;
  /** the people table, aliased `p`, and whether a row of it is active */
  readonly table: 'doctors' | 'operators';
  /** the name in messages and the assignment's field in the API */
  readonly noun: 'doctor' | 'operator';
  readonly idField: 'doctorId' | 'operatorId';
}

const DOCTORS: RosterPeople = {
  column: 'doctor_id',
  availableSql: `SELECT p.id, p.max_windows_per_week, p.max_windows_per_day, array_agg(a.window_key ORDER BY a.window_key) AS available
       FROM doctors p
       JOIN doctor_availability a ON a.doctor_id = p.id AND a.date BETWEEN $2 AND $3
      WHERE p."group" = $1 AND p.active
      GROUP BY p.id
      ORDER BY p.id`,
  table: 'doctors',
  noun: 'doctor',
  idField: 'doctorId',
};

const OPERATORS: RosterPeople = {
  column: 'operator_id',
  availableSql: `SELECT p.id, p.max_windows_per_week, p.max_windows_per_day, array_agg(a.window_key ORDER BY a.window_key) AS available
       FROM operators p
       JOIN operator_availability a ON a.operator_id = p.id AND a.date BETWEEN $2 AND $3
      WHERE $1 = 'operators' AND p.active
      GROUP BY p.id
      ORDER BY p.id`,
  table: 'operators',
  noun: 'operator',
  idField: 'operatorId',
};

export function peopleOf(group: RosterGroup): RosterPeople {
  return group === 'operators' ? OPERATORS : DOCTORS;
}
