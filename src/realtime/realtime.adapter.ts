import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Pool, type PoolClient } from 'pg';
import { createClient } from 'redis';
import { socketOriginAllowed } from '../common/http-security';
import { DependencyStatus } from '../common/faults/dependency-status';
import { boundedPoolOptions } from '../common/faults/pool-options';
import type { AppConfig } from '../config/app-config';

type AdapterFactory = ReturnType<typeof createRedisAdapter> | ReturnType<typeof createPostgresAdapter>;
/** What the adapter keeps of a node-redis client (its full generic type is not worth spelling out). */
interface RedisConnection {
  readonly isReady: boolean;
  readonly isOpen: boolean;
  close(): Promise<unknown>;
  destroy(): void;
}
/** Nest's IoAdapter builds the server from its own copy of socket.io; its types are the ones to use here. */
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/** The broadcast channel prefix: one per database, so deployments (and test databases) sharing a Redis never cross. */
export function channelFor(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'postgres';
  return `donghanh:${name}`;
}

/** Reconnect forever: 100 ms doubling to 5 s, with jitter so processes do not knock in step. */
export function redisReconnectDelay(retries: number, random = Math.random): number {
  const base = Math.min(100 * 2 ** Math.min(retries, 6), 5000);
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * The adapter's Redis commands are fire-and-forget (`publish` is never awaited inside
 * @socket.io/redis-adapter), so a rejection would be unhandled and end the process. Every such call is
 * caught here and reported as Redis being down.
 */
function catchCommands(client: object, names: string[], onError: (err: unknown) => void): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = target[name].bind(client);
    target[name] = (...args: unknown[]) => {
      const result = original(...args);
      return result instanceof Promise ? result.catch(onError) : result;
    };
  }
}

/**
 * @socket.io/postgres-adapter keeps one pooled connection for LISTEN and, when that connection dies
 * (the database restarted, its backend terminated), takes a new one without releasing the dead one:
 * the pool would count it forever (two outages fill a pool of two, and `pool.end()` never returns).
 * The connections it takes with `pool.connect()` (pool.query passes a callback) are released, once,
 * when they end.
 */
function releaseListenerOnEnd(pool: Pool): void {
  const connect = pool.connect.bind(pool) as (cb?: unknown) => unknown;
  (pool as unknown as { connect: (cb?: unknown) => unknown }).connect = (cb?: unknown) => {
    if (cb !== undefined) return connect(cb);
    return (connect() as Promise<PoolClient>).then((client) => {
      const release = client.release.bind(client);
      let released = false;
      client.release = (err?: Error | boolean) => {
        if (released) return;
        released = true;
        release(err);
      };
      client.once('end', () => client.release(new Error('listener connection ended')));
      return client;
    });
  };
}

/**
 * Socket.IO across processes. `REDIS_URL` set: @socket.io/redis-adapter (a push reaches a doctor
 * whichever process holds the socket). `SOCKET_ADAPTER=postgres`: @socket.io/postgres-adapter over the
 * app's own database (LISTEN/NOTIFY), for a multi-process setup without Redis. Otherwise in memory.
 *
 * The broker is only a messenger (CONTRACT.md "Faults"): every state lives in PostgreSQL, so a lost
 * push costs nothing. The app starts and keeps serving without it: Redis is connected in the
 * background and reconnected forever; while it is down a publish fails at once (no offline queue
 * piling up pushes) and is logged once, and pushes still reach the sockets of this process; when it
 * returns, the subscriber resubscribes and pushes cross processes again.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private factory?: AdapterFactory;
  private redis: RedisConnection[] = [];
  private pool?: Pool;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
    private readonly dependencies: DependencyStatus = new DependencyStatus(),
  ) {
    super(app);
  }

  get kind(): AppConfig['socketAdapter'] {
    return this.config.socketAdapter;
  }

  /** Sets up the adapter; call before `app.useWebSocketAdapter`. Never waits for the broker. */
  connect(): void {
    const key = channelFor(this.databaseUrl);
    if (this.config.socketAdapter === 'redis') {
      if (!this.config.redisUrl) throw new Error('SOCKET_ADAPTER=redis needs REDIS_URL');
      const socket = {
        connectTimeout: 2000,
        reconnectStrategy: (retries: number) => redisReconnectDelay(retries),
      };
      // The publisher fails fast while Redis is away; the subscriber keeps its (re)subscriptions
      // queued until the connection is back.
      const pub = createClient({ url: this.config.redisUrl, disableOfflineQueue: true, socket });
      const sub = createClient({ url: this.config.redisUrl, socket });
      this.redis = [pub, sub];
      const down = (err: unknown) => this.dependencies.down('redis', err);
      const refresh = () => {
        if (pub.isReady && sub.isReady) this.dependencies.up('redis');
      };
      for (const c of [pub, sub]) {
        c.on('error', down);
        c.on('ready', refresh);
        c.on('end', () => down(undefined));
      }
      catchCommands(pub, ['publish'], down);
      catchCommands(sub, ['subscribe', 'pSubscribe', 'unsubscribe', 'pUnsubscribe'], down);
      for (const c of [pub, sub]) c.connect().catch(down);
      this.factory = createRedisAdapter(pub, sub, { key });
    } else if (this.config.socketAdapter === 'postgres') {
      this.pool = new Pool({ connectionString: this.databaseUrl, ...boundedPoolOptions(this.config, 2) });
      const down = (err: unknown) => this.dependencies.down('socket-broker', err);
      this.pool.on('error', down);
      releaseListenerOnEnd(this.pool);
      // The adapter's LISTEN connection is checked out for good: an error on it (the server went
      // away) would otherwise be an unhandled 'error' event. The adapter reconnects by itself.
      this.pool.on('connect', (client) => {
        client.on('error', down);
        this.dependencies.up('socket-broker');
      });
      this.factory = createPostgresAdapter(this.pool, {
        channelPrefix: key.replace(/[^a-zA-Z0-9_]/g, '_'),
        errorHandler: down,
      });
    }
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const allowed = this.config.corsOrigins;
    const server = super.createIOServer(port, {
      ...options,
      // Browsers send CORS preflights only for polling; WebSocket upgrades are checked here, both ways.
      cors: { origin: allowed.length ? [...allowed] : false, credentials: true },
      allowRequest: (req, done) => {
        const ok = socketOriginAllowed(req.headers.origin, req.headers.host, allowed);
        done(ok ? null : 'origin not allowed', ok);
      },
    } as IoServerOptions);
    if (this.factory) server.adapter(this.factory as unknown as Parameters<IoServer['adapter']>[0]);
    return server;
  }

  override async close(server: IoServer): Promise<void> {
    await super.close(server);
    // A client still trying to reach Redis is dropped; a connected one closes cleanly.
    for (const c of this.redis) {
      if (c.isReady) await c.close().catch(() => undefined);
      else if (c.isOpen) c.destroy();
    }
    this.redis = [];
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
  }
}
