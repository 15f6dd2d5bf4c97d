export const ROLES = ['admin', 'coordinator', 'care_team', 'doctor'] as const;
export type Role = (typeof ROLES)[number];

/** What a verified access token says about its caller. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  doctorId: string | null;
}
