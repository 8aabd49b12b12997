import type { RequestContext } from '../graphql/request-context.js';
import { chooseLocale, type Locale } from './locale.js';

/**
 * The language of whoever reads this request's answer: their own choice (`updateMe`), else
 * their client's Accept-Language, else the city's DEFAULT_LOCALE. Every text rendered for a
 * reader (notification messages, error messages) is rendered in this one.
 */
export function readerLocale(ctx: RequestContext): Locale {
  return chooseLocale(
    ctx.req.viewer?.locale,
    ctx.req.headers?.['accept-language'],
    ctx.defaultLocale,
  );
}
