import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, NextFunction, Request, Response } from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Environment } from '../config/environment.js';
import { metricsAccess, type MetricsExposure, type MetricsListener } from './metrics-access.js';
import { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/**
 * Serves GET /metrics, on the API's port or on METRICS_PORT's own listener, to whom
 * metrics-access.ts allows. When it is off on the API's port the request goes on to Nest's
 * 404, so an absent endpoint looks like any unknown path. It is not under /graphql: the rate
 * limits of the API do not count scrapes (and the access log skips them, logging.module.ts).
 */
@Injectable()
export class MetricsEndpoint
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Metrics');
  private readonly exposure: MetricsExposure;
  private portServer: Server | null = null;

  constructor(
    private readonly metrics: Metrics,
    private readonly adapterHost: HttpAdapterHost,
    private readonly env: Environment,
  ) {
    this.exposure = {
      isProduction: env.isProduction,
      token: env.METRICS_TOKEN,
      port: env.METRICS_PORT,
    };
  }

  /** Before Nest's own 404 handler is added (init hooks run after the routes, before it). */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.get(METRICS_PATH, (req: Request, res: Response, next: NextFunction) => {
      if (metricsAccess(this.exposure, 'api', req.headers.authorization) === 'not-found') {
        return next();
      }
      void this.answer('api', req, res);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.METRICS_PORT === undefined) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?', 1)[0];
      if (req.method !== 'GET' || path !== METRICS_PATH) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
        return;
      }
      void this.answer('metrics-port', req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.env.METRICS_PORT, this.env.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.portServer = server;
    this.logger.log(`Metrics are served on port ${this.portAddress!.port} (${METRICS_PATH})`);
  }

  /** METRICS_PORT's listener once it listens (its port is chosen by the system for 0). */
  get portAddress(): AddressInfo | null {
    return (this.portServer?.address() as AddressInfo | null) ?? null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.portServer;
    if (!server) return;
    this.portServer = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(
    listener: MetricsListener,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const access = metricsAccess(this.exposure, listener, req.headers.authorization);
    if (access === 'not-found') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
      return;
    }
    if (access === 'unauthorized') {
      res
        .writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' })
        .end('A bearer token (METRICS_TOKEN) is required.\n');
      return;
    }
    try {
      const body = await this.metrics.scrape();
      res.writeHead(200, { 'Content-Type': this.metrics.contentType }).end(body);
    } catch (error) {
      this.logger.error({ err: error }, 'The metrics could not be collected');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('The metrics could not be collected.\n');
    }
  }
}
