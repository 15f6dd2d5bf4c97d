import type { components } from '../../api';

/** The hotline's shapes, from the generated API types (CONTRACT.md "Hotline 1022"). */
export type Contact = components['schemas']['ContactDto'];

/** `report:forwarded` (room `district:<name>`) and `report:overdue` (coordinators): not in the OpenAPI document. */
export interface ReportEvent {
  contactId: string;
  district: string;
}
