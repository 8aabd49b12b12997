import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

/**
 * Liveness (the process answers) and readiness (it can reach the database; 503 otherwise),
 * for load balancers and orchestrators.
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1500 }),
      ]);
    } catch (error) {
      this.logger.warn(
        `Not ready: ${JSON.stringify((error as { response?: unknown }).response ?? String(error))}`,
      );
      // Terminus would echo the driver's message ("connect ECONNREFUSED <host>:<port>"): the
      // database's address is nobody's business outside. The logs have the reason.
      throw new ServiceUnavailableException({
        status: 'error',
        info: {},
        error: { database: { status: 'down' } },
        details: { database: { status: 'down' } },
      });
    }
  }
}
