/**
 * What makes an offer impossible to miss while it is pending: a short ring (Web Audio), a vibration
 * where the device has one, the tab title "(1) Cuộc gọi mới", and a browser notification when the tab
 * is hidden. All of it stops when the offer is answered, expires or is revoked (the hook's cleanup).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { OfferPayload } from '../../api';
import { serverNow } from '../../api';
import type { Ctx } from '../../context';

type AudioCtor = typeof AudioContext;
let audio: AudioContext | null = null;

function audioContext(): AudioContext | null {
  const Ctor =
    (globalThis as { AudioContext?: AudioCtor }).AudioContext ??
    (globalThis as { webkitAudioContext?: AudioCtor }).webkitAudioContext;
  if (!Ctor) return null;
  audio ??= new Ctor();
  return audio;
}

/**
 * Called from a click (going available): browsers let a page make sound only after a gesture, so the
 * audio context is opened (resumed) now, and the notification permission is asked now, at the moment
 * the doctor says they want calls (never on load).
 */
export function prepareOfferAlerts(): void {
  try {
    void audioContext()?.resume();
  } catch {
    /* no sound on this device: the card, title and vibration still show the offer */
  }
  try {
    if ('Notification' in globalThis && Notification.permission === 'default') {
      // a promise in current browsers; older Safari takes a callback and returns nothing
      void Promise.resolve(Notification.requestPermission()).catch(() => undefined);
    }
  } catch {
    /* no notifications here: the ring, title and vibration remain */
  }
}

/**
 * After a reload the page may make no sound until the doctor touches it: the first touch or key
 * anywhere opens the audio context (no permission is asked here).
 */
export function useAudioUnlock(): void {
  useEffect(() => {
    const unlock = () => {
      try {
        void audioContext()?.resume();
      } catch {
        /* no sound on this device */
      }
    };
    document.addEventListener('pointerdown', unlock, { once: true });
    document.addEventListener('keydown', unlock, { once: true });
    return () => {
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
    };
  }, []);
}

/** Two short tones (about 0.6 s), like a phone's ring; quiet enough for a clinic. */
function chirp(ctx: AudioContext): void {
  const start = ctx.currentTime + 0.01;
  [
    [880, 0],
    [1175, 0.3],
  ].forEach(([freq, at]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + at);
    gain.gain.exponentialRampToValueAtTime(0.25, start + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + at);
    osc.stop(start + at + 0.27);
  });
}

const RING_EVERY_MS = 3000;

function vibrate(pattern: number | number[]): void {
  const nav = navigator as Navigator & { vibrate?: (p: number | number[]) => boolean };
  try {
    nav.vibrate?.(pattern);
  } catch {
    /* not allowed without a gesture on some browsers: the rest still alerts */
  }
}

/** Rings, vibrates, retitles the tab and notifies while `offer` is pending; undoes it all after. */
export function useOfferAlert(offer: OfferPayload | null, t: Ctx['t']): void {
  const tRef = useRef(t);
  tRef.current = t;
  const offerId = offer?.offerId ?? null;
  useEffect(() => {
    if (!offer) return;
    const tr = tRef.current;
    const originalTitle = document.title;
    document.title = tr('doc.offer.pendingTitle', { count: 1 });
    const ring = () => {
      const ctx = audioContext();
      if (ctx && ctx.state === 'running') chirp(ctx);
      vibrate([300, 150, 300]);
    };
    ring();
    const ringer = setInterval(ring, RING_EVERY_MS);
    let notification: Notification | null = null;
    if (document.hidden && 'Notification' in globalThis && Notification.permission === 'granted') {
      try {
        notification = new Notification(tr('doc.offer.title'), {
          body: tr('doc.offer.notify', { reason: offer.consult.reason }),
          tag: `offer-${offer.offerId}`,
          requireInteraction: true,
        });
        notification.onclick = () => {
          window.focus();
          notification?.close();
        };
      } catch {
        /* some mobile browsers only notify from a service worker: the title and ring remain */
      }
    }
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearInterval(ringer);
      clearTimeout(expiry);
      vibrate(0);
      notification?.close();
      document.title = originalTitle;
    };
    // expiry on this side too: the server's revoke may come a tick later, the ring should not
    const expiry = setTimeout(stop, Math.max(0, Date.parse(offer.expiresAt) - serverNow()));
    return stop;
    // one alert per offer: a re-sent offer (reconnect) with the same id keeps ringing, not restarts
  }, [offerId]);
}
