/**
 * Messages as keys: a notice or an error is held as a dictionary key and its params, and put into words
 * only when it is drawn, so the language toggle re-translates what is on screen. Errors of any kind
 * (the browser's fetch, the API's answers, socket acks) become keys here, never raw English.
 */
import type { Params } from './i18n';

export interface Msg {
  key: string;
  params?: Params;
}

export type NoticeKind = 'ok' | 'error' | 'info';

/**
 * A notice as a view keeps it in state (`useState<Message | null>`): its kind and the message, flat,
 * drawn by `<Notice kind={m.kind} msg={m} />`.
 */
export interface Message extends Msg {
  kind: NoticeKind;
}

/** A message in words. A parameter written `@some.key` is itself a dictionary entry (a tier's name, a status). */
export function messageText(t: (key: string, params?: Params) => string, m: Msg): string {
  const params: Params = {};
  for (const [k, v] of Object.entries(m.params ?? {}))
    params[k] = typeof v === 'string' && v.startsWith('@') ? t(v.slice(1)) : v;
  return t(m.key, params);
}

export const msg = (key: string, params?: Params): Msg => (params ? { key, params } : { key });

/** The shape of the console's ApiError, without importing it (this folder has no DOM or fetch code). */
interface HttpFailure {
  status: number;
  body: Record<string, unknown>;
}

const isHttpFailure = (err: unknown): err is HttpFailure =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as HttpFailure).status === 'number' &&
  typeof (err as HttpFailure).body === 'object';

/** The server's own words for a refused request, when it gave some (Nest: a string or a list of strings). */
export function serverMessage(body: Record<string, unknown> | null | undefined): string | null {
  const m = body?.message;
  if (Array.isArray(m)) {
    const parts = m.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    return parts.length ? parts.join('; ') : null;
  }
  return typeof m === 'string' && m.trim() !== '' ? m : null;
}

/** Statuses that say the same thing whatever the server wrote (its text would be English or HTML). */
const BY_STATUS: Record<number, string> = {
  401: 'err.unauthorized',
  403: 'err.forbidden',
  404: 'err.notFound',
  408: 'err.timeout',
  413: 'err.tooLarge',
  429: 'err.tooMany',
  502: 'err.unavailable',
  503: 'err.unavailable',
  504: 'err.timeout',
};

/** An HTTP failure in words: 5xx and 429 by status; a 4xx naming a field keeps the server's text with it. */
export function httpMessage(status: number, body: Record<string, unknown> | null | undefined): Msg {
  const byStatus = BY_STATUS[status];
  if (byStatus) return msg(byStatus);
  if (status >= 500) return msg('err.server', { status });
  const text = serverMessage(body);
  // A 4xx names what was wrong ("phone must be a Vietnamese number", "email already used"): keep it.
  if (status >= 400 && text && !looksLikeMarkup(text)) {
    return msg(status === 409 ? 'err.conflictWith' : 'err.rejectedWith', { message: text });
  }
  return status === 409 ? msg('err.conflict') : msg('err.rejected', { status });
}

const looksLikeMarkup = (text: string): boolean => /^\s*</.test(text);

/**
 * Any thrown thing as a message. The browsers' network failures ("Failed to fetch", "NetworkError when
 * attempting to fetch resource", "Load failed", "The operation has timed out", an aborted request) are
 * named by kind, not by their text.
 */
export function errorMessage(err: unknown): Msg {
  if (isHttpFailure(err)) return httpMessage(err.status, err.body);
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError') return msg('err.timeout');
  if (name === 'AbortError') return msg('err.aborted');
  // fetch rejects with a TypeError for every network failure, whatever the browser writes in it.
  if (name === 'TypeError' || name === 'NetworkError') return msg('err.network');
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  if (/timed? ?out/i.test(text)) return msg('err.timeout');
  if (/failed to fetch|network ?error|load failed|network request failed|offline/i.test(text))
    return msg('err.network');
  if (/abort/i.test(text)) return msg('err.aborted');
  return text ? msg('err.unexpected', { message: text }) : msg('common.error');
}

/** The realtime gateway's ack codes (DomainError of the server, plus `internal`) as the HTTP status they stand for. */
const ACK_STATUS: Record<string, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  password_change_required: 403,
  otp_enrolment_required: 403,
  not_found: 404,
  conflict: 409,
  constraint_violated: 409,
  idempotency_key_reused: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

/** A socket ack's refusal (`{ ok: false, error, message }`; `timeout` when no answer came) in words. */
export function ackMessage(ack: { error?: string; message?: string }): Msg {
  if (ack.error === 'timeout') return msg('err.timeout');
  return httpMessage(ACK_STATUS[ack.error ?? ''] ?? 400, { message: ack.message ?? ack.error });
}
