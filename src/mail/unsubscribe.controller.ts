import { BadRequestException, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import { chooseLocale } from '../core/i18n/locale.js';
import { translate } from '../core/i18n/translate.js';
import { MAIL_TOKEN_MAX_CHARS } from './mail-tokens.js';
import { MailService } from './mail.service.js';

/**
 * The one-click unsubscribe of RFC 8058: a mail client POSTs to the address of the
 * List-Unsubscribe header (with the body `List-Unsubscribe=One-Click`, which is not read), with
 * no log-in; the token in the address is the credential. 200 when done, 400 for a bad token.
 * Plain REST: the GraphQL guard checks GraphQL root fields only.
 */
@Controller('mail')
export class UnsubscribeController {
  constructor(
    private readonly mail: MailService,
    private readonly env: Environment,
  ) {}

  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(
    @Query('token') token: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<{ unsubscribed: true }> {
    const refuse = () =>
      new BadRequestException(
        translate(
          chooseLocale(undefined, acceptLanguage, this.env.DEFAULT_LOCALE),
          'mail.unsubscribe.invalid',
        ),
      );
    // ?token=a&token=b arrives as an array: no token of ours.
    if (typeof token !== 'string' || token.length > MAIL_TOKEN_MAX_CHARS) throw refuse();
    try {
      await this.mail.unsubscribe(token);
    } catch (error) {
      if (error instanceof AppError) throw refuse();
      throw error;
    }
    return { unsubscribed: true };
  }
}
