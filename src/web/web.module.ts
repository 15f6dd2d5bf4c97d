import { DynamicModule, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { IMMUTABLE, precompressedAssets } from './precompressed';
import { webDistDir } from './web-root';

/** What the page needs to know about this deployment and cannot read from the API as a doctor. */
export const CONSOLE_CONFIG_PATH = '/console-config.json';

/** Paths the console's index.html must never answer: the API, Socket.IO and the page's config. */
const NOT_THE_CONSOLE = /^\/(api|socket\.io)(\/|$)|^\/console-config\.json$/;

@Module({})
class ConsoleConfigModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  /**
   * Public, static facts of the deployment (no personal data, no secrets): the operations time zone, each
   * group's daily windows and the offer timeout. A doctor's availability grid needs the windows of their
   * group, which no doctor-readable API route gives.
   */
  onModuleInit(): void {
    const body = {
      operationsTz: this.config.operationsTz,
      offerTimeoutSeconds: this.config.offerTimeoutSeconds,
      windows: {
        consult: this.config.shiftsFor('consult').map((s) => s.label),
        active_care: this.config.shiftsFor('active_care').map((s) => s.label),
      },
    };
    const app = this.adapterHost.httpAdapter.getInstance<{
      get(path: string, fn: (req: Request, res: Response) => void): void;
    }>();
    app.get(CONSOLE_CONFIG_PATH, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.json(body);
    });
  }
}

const ASSETS_DIR = Symbol('the built console assets folder');

/** The console's JS and CSS as the build compressed them (brotli, gzip), ahead of the plain static server. */
@Module({})
class PrecompressedAssetsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ASSETS_DIR) private readonly assetsDir: string,
  ) {}

  static forDir(assetsDir: string): DynamicModule {
    return { module: PrecompressedAssetsModule, providers: [{ provide: ASSETS_DIR, useValue: assetsDir }] };
  }

  onModuleInit(): void {
    this.adapterHost.httpAdapter
      .getInstance<{ use(fn: (req: Request, res: Response, next: NextFunction) => void): void }>()
      .use(precompressedAssets(this.assetsDir));
  }
}

/**
 * The web console (web/, built by `npm run build:web` into web/dist), served at `/`. The API stays under
 * `/api` and Socket.IO under `/socket.io`; any other path without a file answers index.html (client routes).
 * Without a build the API still works and a hint is logged.
 */
@Module({})
export class WebModule {
  static register(distDir: string = webDistDir()): DynamicModule {
    const built = existsSync(join(distDir, 'index.html'));
    if (!built) {
      new Logger('WebModule').warn(
        `web console not built (${distDir} missing): run "npm run build:web"; the API works without it`,
      );
      return { module: WebModule, imports: [ConsoleConfigModule] };
    }
    return {
      module: WebModule,
      imports: [
        ConsoleConfigModule,
        // before ServeStaticModule: modules' init hooks run in import order, and the first middleware answers
        PrecompressedAssetsModule.forDir(join(distDir, 'assets')),
        ServeStaticModule.forRoot({
          rootPath: distDir,
          exclude: NOT_THE_CONSOLE,
          serveStaticOptions: {
            index: 'index.html',
            fallthrough: true,
            // hashed asset names: cache them for long; index.html must always be fresh
            setHeaders: (res: Response, path: string) => {
              res.setHeader(
                'Cache-Control',
                path.includes(`${join('dist', 'assets')}`) ? IMMUTABLE : 'no-cache',
              );
            },
          },
        }),
      ],
    };
  }
}
