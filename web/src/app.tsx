import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';
import {
  ApiError,
  type ConsoleConfig,
  type Doctor,
  get,
  loadConfig,
  post,
  session,
  setUnauthorizedHandler,
  type User,
} from './api';
import { Notice } from './components';
import { errorMessage, msg, type Msg } from './lib/messages';
import { AppContext, type Ctx, I18nContext } from './context';
import { isLang, type Lang, LOCALE, translate } from './lib/i18n';
import { CareTeamView } from './views/care-team';
import { CoordinatorView } from './views/coordinator';
import { DoctorView } from './views/doctor';
import { IntakeDesk } from './views/hotline/intake-desk';
import { OfficerQueue } from './views/hotline/officer-queue';

const LANG_KEY = 'dh.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return isLang(saved) ? saved : 'vi';
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [user, setUser] = useState<User | null>(() => (session.token() ? session.user() : null));
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [configError, setConfigError] = useState<Msg | null>(null);
  const [notice, setNotice] = useState<Msg | null>(null);
  const t = useCallback(
    (key: string, params?: Record<string, string | number>) => translate(lang, key, params),
    [lang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
  }, [lang]);

  useEffect(() => {
    loadConfig().then(setConfig, () => setConfigError(msg('err.config')));
  }, []);

  const signOut = useCallback((reason?: Msg) => {
    session.clear();
    setUser(null);
    setNotice(reason ?? null);
  }, []);
  /** The sign-out button: the server refuses the token from now on, then the session is forgotten. */
  const logOut = useCallback(() => {
    post('/api/auth/logout', {}).then(
      () => signOut(),
      () => signOut(),
    );
  }, [signOut]);

  useEffect(() => setUnauthorizedHandler(() => signOut(msg('auth.expired'))), [signOut]);

  const switcher = (
    <button
      type="button"
      class="btn-link lang"
      onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
      lang={lang === 'vi' ? 'en' : 'vi'}
      title={t('lang.switchLabel')}
    >
      {t('lang.switch')}
    </button>
  );

  const i18n = useMemo(() => ({ lang, t }), [lang, t]);
  return (
    <I18nContext.Provider value={i18n}>
      {configError ? (
        <Notice kind="error" msg={configError} />
      ) : !config ? (
        <p class="loading">{t('common.loading')}</p>
      ) : !user ? (
        <SignIn
          t={t}
          switcher={switcher}
          notice={notice}
          onSignedIn={(token, u) => {
            session.save(token, u);
            setNotice(null);
            setUser(u);
          }}
        />
      ) : (
        <SignedIn
          key={user.id}
          lang={lang}
          t={t}
          user={user}
          config={config}
          switcher={switcher}
          signOut={signOut}
          logOut={logOut}
        />
      )}
    </I18nContext.Provider>
  );
}

function SignIn({
  t,
  switcher,
  notice,
  onSignedIn,
}: {
  t: Ctx['t'];
  switcher: preact.ComponentChildren;
  notice: Msg | null;
  onSignedIn: (token: string, user: User) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [newPassword, setNewPassword] = useState('');
  /** after an admin reset: the restricted session, until a new password is chosen */
  const [pending, setPending] = useState<{ token: string; user: User } | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: Event, step: () => Promise<void>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 401 || (err.status === 400 && !pending))
          ? msg('auth.failed')
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };
  const signIn = (e: Event) =>
    run(e, async () => {
      const res = await post<{
        accessToken: string;
        user: User;
        mustChangePassword: boolean;
        mustEnrollOtp: boolean;
      }>('/api/auth/login', { email: email.trim(), password, ...(otp.trim() ? { otp: otp.trim() } : {}) });
      if (res.mustChangePassword) setPending({ token: res.accessToken, user: res.user });
      else if (res.mustEnrollOtp) setError(msg('auth.mustEnrollOtp'));
      else onSignedIn(res.accessToken, res.user);
    });
  const choose = (e: Event) =>
    run(e, async () => {
      if (!pending) return;
      // The restricted token is used for this one call only; it is not kept as the session.
      session.save(pending.token, pending.user);
      try {
        const res = await post<{ accessToken: string }>('/api/auth/password', {
          currentPassword: password,
          newPassword,
        });
        onSignedIn(res.accessToken, pending.user);
      } finally {
        if (session.token() === pending.token) session.clear();
      }
    });
  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    props: Record<string, string | boolean> = {},
  ) => (
    <label class="field">
      <span class="label">{label}</span>
      <input name={name} value={value} onInput={(e) => set(e.currentTarget.value)} {...props} />
    </label>
  );
  return (
    <main class="signin">
      <div class="signin-box card">
        <div class="signin-head">
          <h1>{t('app.name')}</h1>
          {switcher}
        </div>
        <p class="muted">{t('app.tagline')}</p>
        {notice ? <Notice kind="info" msg={notice} /> : null}
        {pending ? (
          <form key="change" onSubmit={(e) => void choose(e)} aria-label={t('auth.changeSubmit')}>
            <Notice kind="info">{t('auth.mustChange')}</Notice>
            {field('newPassword', t('auth.newPassword'), newPassword, setNewPassword, {
              type: 'password',
              autocomplete: 'new-password',
              required: true,
              minLength: '12',
            })}
            {error ? <Notice kind="error" msg={error} /> : null}
            <button type="submit" class="btn primary wide" disabled={busy}>
              {t('auth.changeSubmit')}
            </button>
          </form>
        ) : (
          <form key="signin" onSubmit={(e) => void signIn(e)} aria-label={t('auth.title')}>
            {field('email', t('auth.email'), email, setEmail, {
              type: 'email',
              autocomplete: 'username',
              required: true,
            })}
            {field('password', t('auth.password'), password, setPassword, {
              type: 'password',
              autocomplete: 'current-password',
              required: true,
            })}
            {field('otp', t('auth.otp'), otp, setOtp, {
              inputMode: 'numeric',
              autocomplete: 'one-time-code',
              pattern: '[0-9]{6}',
            })}
            {error ? <Notice kind="error" msg={error} /> : null}
            <button type="submit" class="btn primary wide" disabled={busy}>
              {t('auth.submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}

function SignedIn({
  lang,
  t,
  user,
  config,
  switcher,
  signOut,
  logOut,
}: {
  lang: Lang;
  t: Ctx['t'];
  user: User;
  config: ConsoleConfig;
  switcher: preact.ComponentChildren;
  signOut: (reason?: Msg) => void;
  logOut: () => void;
}) {
  const socket = useMemo<Socket>(
    () =>
      io(window.location.origin, { auth: { token: session.token() }, transports: ['websocket', 'polling'] }),
    [],
  );
  const [connected, setConnected] = useState(socket.connected);
  const [everConnected, setEverConnected] = useState(false);
  const [failed, setFailed] = useState(false);
  const [name, setName] = useState<string | null>(null);

  useEffect(() => {
    const onConnect = () => {
      setConnected(true);
      setEverConnected(true);
      setFailed(false);
    };
    // socket.io-client reconnects by itself after a dropped transport, but not after the server closed the
    // socket on purpose ("io server disconnect"): ask again after a pause.
    const onDisconnect = (reason: string) => {
      setConnected(false);
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
    };
    const onError = (err: Error) => {
      setConnected(false);
      if (err.message === 'unauthorized') signOut(msg('auth.expired'));
      else setFailed(true);
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onError);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onError);
      socket.disconnect();
    };
  }, [socket]);

  useEffect(() => {
    if (user.role === 'doctor' && user.doctorId) {
      get<Doctor>(`/api/doctors/${user.doctorId}`).then(
        (d) => setName(d.fullName),
        () => setName(null),
      );
    }
  }, [user]);

  const locale = LOCALE[lang];
  const ctx = useMemo<Ctx>(
    () => ({
      lang,
      t,
      user,
      config,
      socket,
      time: (iso, withDate = false) =>
        new Intl.DateTimeFormat(locale, {
          timeZone: config.operationsTz,
          hour: '2-digit',
          minute: '2-digit',
          ...(withDate ? { weekday: 'short', day: '2-digit', month: '2-digit' } : {}),
        }).format(new Date(iso)),
      dayLabel: (date) =>
        new Intl.DateTimeFormat(locale, {
          timeZone: 'UTC',
          weekday: 'short',
          day: '2-digit',
          month: '2-digit',
        }).format(new Date(`${date}T00:00:00Z`)),
    }),
    [lang, t, user, config, socket, locale],
  );

  const offline = !connected && (everConnected || failed);
  return (
    <AppContext.Provider value={ctx}>
      <header class="topbar">
        <h1 class="brand">{t('app.name')}</h1>
        <span class="whoami" data-testid="whoami">
          <strong>{name ?? user.email}</strong> · {t(`role.${user.role}`)}
        </span>
        <span
          class={`conn ${connected ? 'on' : 'off'}`}
          aria-hidden="true"
          title={connected ? t('net.online') : t('net.offline')}
        >
          {connected ? '●' : '○'}
        </span>
        {switcher}
        <button type="button" class="btn small" onClick={logOut}>
          {t('auth.signOut')}
        </button>
      </header>
      {offline ? (
        <div class="offline-banner" role="status" data-testid="offline-banner">
          {t('net.offline')}
        </div>
      ) : null}
      <main class="content">
        {user.role === 'doctor' ? (
          <DoctorView />
        ) : user.role === 'care_team' ? (
          <CareTeamView />
        ) : user.role === 'operator' ? (
          <IntakeDesk />
        ) : user.role === 'district_officer' ? (
          <OfficerQueue />
        ) : (
          <CoordinatorView />
        )}
      </main>
    </AppContext.Provider>
  );
}
