import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Pool } from 'pg';
import { createClient } from 'redis';
import { socketOriginAllowed } from '../common/http-security';
import type { AppConfig } from '../config/app-config';

type AdapterFactory = ReturnType<typeof createRedisAdapter> | ReturnType<typeof createPostgresAdapter>;
/** Nest's IoAdapter builds the server from its own copy of socket.io; its types are the ones to use here. */
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/** The broadcast channel prefix: one per database, so deployments (and test databases) sharing a Redis never cross. */
export function channelFor(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'postgres';
  return `donghanh:${name}`;
}

/**
 * Socket.IO across processes. `REDIS_URL` set: @socket.io/redis-adapter (a push reaches a doctor
 * whichever process holds the socket). `SOCKET_ADAPTER=postgres`: @socket.io/postgres-adapter over the
 * app's own database (LISTEN/NOTIFY), for a multi-process setup without Redis. Otherwise in memory.
 * The adapter only carries pushes: every state lives in PostgreSQL, so a lost push costs nothing.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger('RealtimeIoAdapter');
  private factory?: AdapterFactory;
  private redis: { quit(): Promise<unknown> }[] = [];
  private pool?: Pool;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  get kind(): AppConfig['socketAdapter'] {
    return this.config.socketAdapter;
  }

  /** Opens the adapter's connections; call before `app.useWebSocketAdapter`. */
  async connect(): Promise<void> {
    const key = channelFor(this.databaseUrl);
    if (this.config.socketAdapter === 'redis') {
      if (!this.config.redisUrl) throw new Error('SOCKET_ADAPTER=redis needs REDIS_URL');
      const pub = createClient({ url: this.config.redisUrl });
      const sub = pub.duplicate();
      for (const c of [pub, sub])
        c.on('error', (err: unknown) => this.log.warn({ err }, 'redis adapter connection error'));
      this.redis = [pub, sub];
      await Promise.all([pub.connect(), sub.connect()]);
      this.factory = createRedisAdapter(pub, sub, { key });
    } else if (this.config.socketAdapter === 'postgres') {
      this.pool = new Pool({ connectionString: this.databaseUrl, max: 2 });
      this.pool.on('error', (err) => this.log.warn({ err }, 'postgres adapter connection error'));
      this.factory = createPostgresAdapter(this.pool, {
        channelPrefix: key.replace(/[^a-zA-Z0-9_]/g, '_'),
        errorHandler: (err) => this.log.warn({ err }, 'postgres adapter error'),
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
    await Promise.all(this.redis.map((c) => c.quit().catch(() => undefined)));
    this.redis = [];
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
  }
}
