export const ROLES = ['admin', 'coordinator', 'care_team', 'doctor', 'operator', 'district_officer'] as const;
export type Role = (typeof ROLES)[number];

/** What a verified access token says about its caller. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  doctorId: string | null;
  /** a district officer's district (the areas list's name); null for every other role */
  district: string | null;
}
