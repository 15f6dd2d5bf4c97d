/*
 * The hotline's shapes (CONTRACT.md "Hotline 1022"). Written from the contract until the server's
 * OpenAPI document names them; then these become aliases of the generated types.
 */
export interface Forward {
  district: string;
  ward?: string | null;
  note?: string | null;
  forwardedAt: string;
  acknowledgedAt?: string | null;
  handledAt?: string | null;
  result?: string | null;
  officerId?: string | null;
}

export interface Contact {
  id: string;
  channel: string;
  branch: number;
  category: string;
  callerPhone?: string | null;
  callerName?: string | null;
  summary: string;
  district: string;
  ward?: string | null;
  address?: string | null;
  receivedAt: string;
  status: string;
  operatorId: string;
  consultId?: string | null;
  answer?: string | null;
  overdue?: boolean;
  forward?: Forward | null;
}
