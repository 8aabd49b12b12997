import { Injectable } from '@nestjs/common';
import { LiveSockets } from '../live/live-sockets.js';
import { Metrics } from './metrics.js';

/** The WebSocket connections and subscriptions open in this process, read at scrape time. */
@Injectable()
export class LiveMetrics {
  constructor(sockets: LiveSockets, metrics: Metrics) {
    metrics.gauge({
      name: 'wontak_websocket_connections',
      help: 'WebSocket connections (graphql-ws) open now in this process.',
      collect() {
        this.set(sockets.openCount);
      },
    });
    metrics.gauge({
      name: 'wontak_websocket_subscriptions',
      help: 'Subscriptions running now in this process, on every connection (WS_MAX_SUBSCRIPTIONS).',
      collect() {
        this.set(sockets.subscriptionCount);
      },
    });
  }
}
