import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { type ConsoleConfig, forgetInFlight, type User } from './api';
import { type Lang, type Params, translate } from './lib/i18n';

export interface Ctx {
  lang: Lang;
  t: (key: string, params?: Params) => string;
  user: User;
  config: ConsoleConfig;
  socket: Socket;
  /** formats an instant in the operations time zone */
  time: (iso: string, withDate?: boolean) => string;
  dayLabel: (date: string) => string;
}

export const AppContext = createContext<Ctx | null>(null);

/**
 * The language and its `t`, provided above the sign-in page too (AppContext exists only once signed in),
 * so a message held as a key (lib/messages.ts) is put into words wherever it is drawn.
 */
export const I18nContext = createContext<Pick<Ctx, 'lang' | 't'>>({
  lang: 'vi',
  t: (key, params) => translate('vi', key, params),
});

export const useI18n = (): Pick<Ctx, 'lang' | 't'> => useContext(I18nContext);

export function useApp(): Ctx {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside the app');
  return ctx;
}

/** Subscribes to one socket event for the life of the component (the handler may change between renders). */
export function useSocketEvent<T>(event: string, handler: (payload: T) => void): void {
  const { socket } = useApp();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener = (payload: T) => {
      forgetInFlight();
      ref.current(payload);
    };
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

/** Sockets that have been connected once: any later `connect` of theirs is a reconnect. */
const connectedOnce = new WeakSet<Socket>();

/**
 * Runs `fn` again every time the socket reconnects (what was missed while offline is read again). The
 * socket's first connection is no reconnect: the component's own load at mount has just read the same.
 */
export function useOnReconnect(fn: () => void): void {
  const { socket } = useApp();
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    let initial = !socket.connected && !connectedOnce.has(socket);
    if (socket.connected) connectedOnce.add(socket);
    const listener = () => {
      connectedOnce.add(socket);
      forgetInFlight();
      if (initial) {
        initial = false;
        return;
      }
      ref.current();
    };
    socket.on('connect', listener);
    return () => {
      socket.off('connect', listener);
    };
  }, [socket]);
}

export interface Ack {
  ok: boolean;
  error?: string;
  message?: string;
  [key: string]: unknown;
}

/** Emits with an ack; resolves to `{ ok: false, error: 'timeout' }` when no answer comes in time. */
export function emitWithAck(socket: Socket, event: string, payload: unknown, timeoutMs = 8000): Promise<Ack> {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: Ack) => {
      forgetInFlight();
      resolve(err ? { ok: false, error: 'timeout', message: err.message } : ack);
    });
  });
}
