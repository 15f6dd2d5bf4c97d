import { useCallback, useEffect, useState } from 'preact/hooks';
import { type components, get, serverNow } from '../../api';
import { useOnReconnect, useSocketEvent } from '../../context';
import { applyPresenceChange, type PresenceState, type PresenceStatus, staleAt } from '../../lib/presence';

/** The generated type must fit the page's (a field renamed on the server does not compile here). */
type ServerState = components['schemas']['PresenceStateDto'];
const fromServer = (s: ServerState): PresenceState => s;

export interface PresenceChange {
  status: PresenceStatus;
  reason: string;
  wrapUpUntil?: string;
}

/**
 * The doctor's presence and rostered window as the server holds them: read on load, on every
 * (re)connect, when a roster is published and when the state goes stale by itself (a window opens or
 * ends, a wrap-up ends); `presence:changed` pushes apply in between. Never a guess: until the first
 * read answers, `state` is null.
 */
export function usePresence(onChange?: (change: PresenceChange) => void) {
  const [state, setState] = useState<PresenceState | null>(null);
  const load = useCallback(() => {
    get<ServerState>('/api/consults/presence/me').then(
      (s) => setState(fromServer(s)),
      () => undefined,
    );
  }, []);
  useEffect(load, [load]);
  useOnReconnect(load);
  useSocketEvent('roster:published', load);
  useSocketEvent<PresenceChange>('presence:changed', (change) => {
    setState((current) => (current ? applyPresenceChange(current, change) : current));
    onChange?.(change);
  });
  useEffect(() => {
    const at = state ? staleAt(state, serverNow()) : null;
    if (at === null) return;
    // +1 s: the server's sweep ends a wrap-up within a second of its time
    const timer = setTimeout(load, Math.min(at - serverNow() + 1000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [state, load]);
  /** after this page's own `presence:set` was acknowledged */
  const setStatus = useCallback((status: PresenceStatus) => {
    setState((current) => (current ? applyPresenceChange(current, { status }) : current));
  }, []);
  return { state, setStatus, reload: load };
}
