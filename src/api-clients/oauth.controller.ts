import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { scopesOf, type ApiScope } from '../core/access/api-scope.js';
import { AppError } from '../core/errors/app-error.js';
import { RateLimits } from '../core/rate-limit/rate-limits.js';
import { ApiClientsService, scopeList } from './api-clients.service.js';
import { basicCredentials } from './client-credentials.js';

/** The errors of RFC 6749 5.2 this endpoint answers (and `rate_limited`, with Retry-After). */
type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'rate_limited';

class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/** The parameters of a token request, body only (RFC 6749 4.4.2 and 2.3.1). */
const PARAMETERS = ['grant_type', 'client_id', 'client_secret', 'scope'] as const;
type Parameters = Partial<Record<(typeof PARAMETERS)[number], string>>;

/**
 * POST /oauth/token: the OAuth 2.0 client-credentials grant (RFC 6749 4.4), so that any OAuth
 * library can get a token. The request is form-urlencoded (or JSON); the client authenticates
 * with HTTP Basic or with client_id and client_secret in the body, not both. The answer is
 * RFC 6749 5.1 or 5.2, never cached; a failed authentication never says whether the id or the
 * secret was wrong, nor that the client was revoked.
 */
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly clients: ApiClientsService,
    private readonly rateLimits: RateLimits,
  ) {}

  @Post('token')
  @HttpCode(200)
  async token(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    try {
      res.json(await this.grant(req));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      res.status(error.status).set(error.headers).json({
        error: error.error,
        error_description: error.description,
      });
    }
  }

  private async grant(req: Request) {
    try {
      await this.rateLimits.checkTokenRequest(req.ip);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const retryAfter = (error.extensions as { retryAfter?: number }).retryAfter ?? 60;
      throw new OAuthError('rate_limited', 'Too many token requests.', 429, {
        'Retry-After': String(retryAfter),
      });
    }
    const params = parametersOf(req);
    const basic = basicCredentials(req.headers.authorization);
    if (basic === null) throw invalidClient(true);
    if (basic && (params.client_id !== undefined || params.client_secret !== undefined)) {
      throw new OAuthError('invalid_request', 'Use one way of authenticating the client, not two.');
    }
    if (params.grant_type === undefined) {
      throw new OAuthError('invalid_request', 'grant_type is required.');
    }
    if (params.grant_type !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported.');
    }
    const clientId = basic?.clientId ?? params.client_id;
    const clientSecret = basic?.clientSecret ?? params.client_secret;
    if (!clientId || !clientSecret) throw invalidClient(basic !== undefined);
    const client = await this.clients.authenticate(clientId, clientSecret);
    if (!client) throw invalidClient(basic !== undefined);

    let scopes: ApiScope[] = client.scopes;
    if (params.scope !== undefined) {
      const asked = scopesOf(params.scope);
      if (!asked || asked.length === 0 || !asked.every((scope) => client.scopes.includes(scope))) {
        throw new OAuthError(
          'invalid_scope',
          'scope must name scopes of this client, space-separated: read proposals:write feedback:write webhooks.',
        );
      }
      scopes = asked;
    }
    const token = await this.clients.issueToken(client, scopes);
    return {
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: token.expiresIn,
      scope: scopeList(token.scopes),
    };
  }
}

/** RFC 6749 5.2: 401, with a Basic challenge when the client tried Basic. */
function invalidClient(triedBasic: boolean): OAuthError {
  return new OAuthError(
    'invalid_client',
    'Client authentication failed.',
    401,
    triedBasic ? { 'WWW-Authenticate': 'Basic realm="wontak", charset="UTF-8"' } : {},
  );
}

/**
 * The body's parameters: form-urlencoded or JSON, each a single string (RFC 6749 3.2: no
 * parameter twice). Others are ignored, as the RFC asks.
 */
function parametersOf(req: Request): Parameters {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(x-www-form-urlencoded|json)\b/i.test(type)) {
    throw new OAuthError(
      'invalid_request',
      'Send the parameters as application/x-www-form-urlencoded (or application/json).',
    );
  }
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'The request has no parameters.');
  }
  const params: Parameters = {};
  for (const name of PARAMETERS) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > 1000) {
      throw new OAuthError('invalid_request', `${name} must be given once, as a short string.`);
    }
    params[name] = value;
  }
  return params;
}
