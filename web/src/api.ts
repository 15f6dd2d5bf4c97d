import type { components } from './api/schema';
import { clockOffset } from './lib/countdown';

/** The public HTTP API (CONTRACT.md), with the session token from sessionStorage. */
export interface User {
  id: string;
  email: string;
  role: Schemas['UserDto']['role'];
  doctorId: string | null;
  /** a district officer's district */
  district: string | null;
}

export interface ConsoleConfig {
  operationsTz: string;
  offerTimeoutSeconds: number;
  windows: { consult: string[]; active_care: string[] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(ApiError.describe(body, status));
  }

  static describe(body: Record<string, unknown>, status: number): string {
    const m = body.message;
    if (Array.isArray(m)) return m.join('; ');
    if (typeof m === 'string') return m;
    return `HTTP ${status}`;
  }
}

const TOKEN_KEY = 'dh.token';
const USER_KEY = 'dh.user';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  user(): User | null {
    const raw = sessionStorage.getItem(USER_KEY);
    try {
      return raw ? (JSON.parse(raw) as User) : null;
    } catch {
      return null;
    }
  },
  save(token: string, user: User): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

/** Server clock minus this device's clock (ms), from the last API answer's Date header. */
let serverOffsetMs = 0;
export const serverNow = (): number => Date.now() + serverOffsetMs;

/** Called when the API answers 401 to a signed-in request (expired token): the app signs out. */
let onUnauthorized: () => void = () => undefined;
export const setUnauthorizedHandler = (fn: () => void): void => {
  onUnauthorized = fn;
};

const API_TIMEOUT_MS = 30_000;

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  if (method !== 'GET') forgetInFlight();
  const sentAt = Date.now();
  // A request stuck on a dead mobile connection ends as a timeout the page can name, not a spinner forever.
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(API_TIMEOUT_MS) : undefined;
  const res = await fetch(path, { method, headers, body: payload, signal });
  serverOffsetMs = clockOffset(res.headers.get('Date'), sentAt, Date.now());
  if (method !== 'GET') forgetInFlight();
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { message: text };
  }
  if (!res.ok) {
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(res.status, (json ?? {}) as Record<string, unknown>);
  }
  return json as T;
}

/** GETs under way, by token and path: panels that ask for the same thing at once share one request. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * From now on a GET starts its own request: called on every change this page makes and every socket
 * event it receives, so a read asked for after a change never gets an answer read before it.
 */
export const forgetInFlight = (): void => inFlight.clear();

/**
 * A GET; the same one asked again while the first is under way, with no change made or announced in
 * between (the header and a view both reading the signed-in doctor at start), waits for that answer
 * instead of fetching twice. Nothing is kept after it.
 */
export function get<T>(path: string): Promise<T> {
  const key = `${session.token() ?? ''} ${path}`;
  let pending = inFlight.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = api<T>('GET', path).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, body ?? {}, 'application/json', headers);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** Every page of a list (limit 200 each), for the grids that need all doctors of a group. */
export async function getAll<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page < 50; page++) {
    const res = await get<Page<T>>(`${path}${query({ ...params, page, limit: 200 })}`);
    out.push(...res.items);
    if (out.length >= res.total || res.items.length === 0) break;
  }
  return out;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console-config.json');
  if (!res.ok) throw new Error(`console config: HTTP ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}

/*
 * Shapes of the API, from the types generated from the OpenAPI document (api/schema.d.ts,
 * `npm run api:types`; `npm run api:check` fails when it is stale), so they cannot drift from the server.
 */
export type { components, paths } from './api/schema';
type Schemas = components['schemas'];
export type Group = Schemas['DoctorDto']['group'];
/** a doctors' group, or the hotline's operators */
export type RosterGroup = Schemas['ShiftWindowDto']['group'];
export type Operator = Schemas['OperatorDto'];
export type RiskTier = Schemas['PatientDto']['riskTier'];
export type Doctor = Schemas['DoctorDto'];
export type ShiftWindow = Schemas['ShiftWindowDto'];
export type Assignment = Schemas['AssignmentDto'];
export type Roster = Schemas['RosterDto'];
export type DoctorShift = Schemas['DoctorShiftDto'];
export type Consult = Schemas['ConsultDto'];
export type QueueStats = Schemas['QueueStatsDto'];
export type Patient = Schemas['PatientDto'];
export type Assessment = Schemas['AssessmentDto'];
export type FollowUp = Schemas['FollowUpDto'];
export type Escalation = Schemas['EscalationDto'];
export type TierChange = Schemas['TierChangeDto'];
export type ErrorBody = Schemas['ErrorResponseDto'];
export type Areas = Schemas['AreasDto'];
export type District = Schemas['DistrictDto'];

/* Not in the OpenAPI document: the `consult:offer` socket event (README "Socket.IO") and a 409's roster violations. */
export interface OfferPayload {
  offerId: string;
  expiresAt: string;
  consult: Consult;
}

export interface Violation {
  /** a doctors' roster */
  doctorId?: string;
  /** the operators' roster */
  operatorId?: string;
  windowKey: string;
  constraint: string;
  message: string;
}
