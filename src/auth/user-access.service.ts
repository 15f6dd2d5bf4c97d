import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EventBus, OnDomainEvent, type AccessRevokedEvent } from '../common/events';
import { one } from '../common/sql';
import { AppConfig } from '../config/app-config';
import { accessFor, type AccessState, type Restriction } from './access';
import type { AuthUser } from './role';
import { TokenService } from './token.service';

/** The channel the `users` trigger NOTIFYs (migration 1764300000000-Accounts). */
export const ACCESS_CHANNEL = 'user_access';
/** The listener's connection, by name, so an operator (or a test) can find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'donghanh-access-listener';
const PING_MS = 5_000;
const MAX_CACHED = 50_000;

export interface Authenticated {
  user: AuthUser;
  restriction: Restriction | null;
  expiresAt: Date;
}

/**
 * "Does this token still hold?" for every request and socket handshake (DESIGN.md "Access that can
 * be taken away"). Each process keeps the users' access rows in a cache, so the common case costs no
 * round trip; the cache is only trusted while this process LISTENs on `user_access` over a dedicated
 * connection: the trigger on `users` notifies every process at commit, whoever wrote the row. When the
 * listener is down the cache is cold (every check reads the row) until it is back.
 */
@Injectable()
export class UserAccessService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(UserAccessService.name);
  private readonly cache = new Map<string, AccessState | null>();
  /** reads under way, so a burst for one user (a cold cache, a recheck of many sockets) is one query */
  private readonly reading = new Map<string, { generation: number; state: Promise<AccessState | null> }>();
  /** bumped by every invalidation, so a read that raced with one is not cached */
  private generation = 0;
  private listener?: Client;
  private listening = false;
  private stopped = false;
  private retryMs = 250;
  private timer?: NodeJS.Timeout;
  private ping?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearInterval(this.ping);
    await this.listener?.end().catch(() => undefined);
  }

  /** The caller behind a token, or null when the token is bad, expired or revoked. */
  async authenticate(token: string | undefined): Promise<Authenticated | null> {
    const claims = await this.tokens.verify(token);
    if (!claims) return null;
    const state = await this.stateOf(claims.user.id);
    const access = accessFor(
      { version: claims.version, role: claims.user.role },
      state,
      this.config.mfaRequiredRoles,
    );
    if (!access.ok) return null;
    return { user: claims.user, restriction: access.restriction, expiresAt: claims.expiresAt };
  }

  /** This process's copy is stale now (after this process changed the row; others hear the NOTIFY). */
  forget(userId: string): void {
    this.generation++;
    this.cache.delete(userId);
    this.bus.publish('auth.access-changed', { userId });
  }

  /** A user lost their access (disabled, or their doctor deactivated): this process forgets it at once. */
  @OnDomainEvent('auth.access-revoked')
  revoked(event: AccessRevokedEvent): void {
    this.forget(event.userId);
  }

  get isListening(): boolean {
    return this.listening;
  }

  private stateOf(userId: string): Promise<AccessState | null> {
    if (this.listening && this.cache.has(userId)) return Promise.resolve(this.cache.get(userId) ?? null);
    const generation = this.generation;
    const under = this.reading.get(userId);
    if (under && under.generation === generation) return under.state;
    const state = this.read(userId, generation).finally(() => {
      if (this.reading.get(userId)?.state === state) this.reading.delete(userId);
    });
    this.reading.set(userId, { generation, state });
    return state;
  }

  private async read(userId: string, generation: number): Promise<AccessState | null> {
    const row = await one<{
      disabled: boolean;
      token_version: number;
      must_change_password: boolean;
      otp_enabled: boolean;
      role: AccessState['role'];
    }>(
      this.db,
      `SELECT disabled, token_version, must_change_password, otp_enabled, role FROM users WHERE id = $1`,
      [userId],
    );
    const state: AccessState | null = row
      ? {
          disabled: row.disabled,
          tokenVersion: row.token_version,
          mustChangePassword: row.must_change_password,
          otpEnabled: row.otp_enabled,
          role: row.role,
        }
      : null;
    if (this.listening && generation === this.generation) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(userId, state);
    }
    return state;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const url = (this.db.options as { url?: string }).url;
    const client = new Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    const dropped = (err?: unknown) => {
      if (this.listener !== client) return;
      if (this.ping) clearInterval(this.ping);
      this.listener = undefined;
      this.listening = false;
      this.cache.clear();
      this.generation++;
      if (this.stopped) return;
      this.log.warn(
        { err },
        'access listener lost; checking every token against the database until it is back',
      );
      client.end().catch(() => undefined);
      this.reconnectLater();
    };
    this.listener = client;
    client.on('error', dropped);
    client.on('end', () => dropped());
    client.on('notification', (msg) => {
      if (msg.channel === ACCESS_CHANNEL && msg.payload) this.forget(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    } catch (err) {
      dropped(err);
      return;
    }
    const wasDown = this.generation > 0;
    this.cache.clear();
    this.generation++;
    this.listening = true;
    this.retryMs = 250;
    // A connection can die without a word (a NAT, a failover): a ping finds out.
    this.ping = setInterval(() => {
      client.query('SELECT 1').catch((err: unknown) => dropped(err));
    }, PING_MS);
    this.ping.unref();
    // Whatever was revoked while we were deaf: every socket of this process is checked again.
    if (wasDown) this.bus.publish('auth.access-changed', { userId: null });
  }

  private reconnectLater(): void {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
    this.timer = setTimeout(() => void this.listen(), wait);
    this.timer.unref();
  }
}
