import {
  Controller,
  Get,
  Header,
  Headers,
  NotFoundException,
  Param,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import { chooseLocale } from '../core/i18n/locale.js';
import { translate } from '../core/i18n/translate.js';
import { addressKey } from '../core/rate-limit/client-key.js';
import { RateLimits } from '../core/rate-limit/rate-limits.js';
import { BudgetSelectionRule, BudgetVotingStyle } from './budget-enums.js';
import { BudgetResultsService } from './budget-results.service.js';
import { writePabulib } from './results/pabulib.js';

/** The pot parameter naming the city-wide pot; a district's pot is named by its slug. */
export const CITY_POT = 'city';

/**
 * What one export costs against the client's `cost` allowance (core/rate-limit): it counts
 * the whole budget and runs its rule, like a heavy query (about a search's cost).
 */
const EXPORT_COST = 5_000;

/** What a file of a budget whose results are not published yet adds to its description. */
const PROVISIONAL = '(잠정 집계: 결과 공표 전)';

/**
 * A pot's election as a Pabulib file (pabulib.org/format, results/pabulib.ts), for
 * participatory-budgeting researchers: GET /budgets/:id/pabulib.pb?pot=city|<district slug>.
 *
 * Only once voting has ended (or the results are published), live totals or not: the file
 * lists ballots one by one (numbered 1..n in the order of their votes, never by voter), and
 * while people still vote, comparing two downloads would show what each new ballot chose. After
 * the close, it says no more than the totals. Before that it is a 404, as for a budget that
 * does not exist, so the route does not even say whether a budget has votes.
 *
 * Plain REST (the GraphQL guard checks root fields only), public like the results; counted
 * against the address's `requests` allowance and `cost` budget like a GraphQL request.
 */
@Controller('budgets')
export class PabulibController {
  constructor(
    private readonly results: BudgetResultsService,
    private readonly rateLimits: RateLimits,
    private readonly env: Environment,
  ) {}

  @Get(':id/pabulib.pb')
  @Header('Cache-Control', 'no-cache')
  async export(
    @Param('id') id: string,
    @Query('pot') pot: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const locale = chooseLocale(null, acceptLanguage, this.env.DEFAULT_LOCALE);
    try {
      await this.rateLimits.checkRequest(req.ip);
      await this.rateLimits.chargeCost(`ip:${addressKey(req.ip)}`, EXPORT_COST);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // As the GraphQL door refuses (core/bootstrap.ts): 429, Retry-After, the error's shape.
      const { retryAfter } = error.extensions as { retryAfter?: number };
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        errors: [
          { message: error.messageIn(locale), extensions: { code: error.code, retryAfter } },
        ],
      });
      return;
    }
    const notPublic = () => new NotFoundException(translate(locale, 'error.pabulib.notPublic'));
    const budgetId = decodeGlobalId(id, 'ParticipatoryBudget');
    if (!budgetId) throw notPublic();
    const found = await this.results.countForExport(budgetId);
    if (!found) throw notPublic();
    const { budget, count } = found;

    const wanted = typeof pot === 'string' && pot !== '' ? pot : CITY_POT;
    const chosen = count.pots.find((p) =>
      wanted === CITY_POT ? p.districtId === null : p.districtSlug === wanted,
    );
    if (!chosen) throw new NotFoundException(translate(locale, 'error.pabulib.noSuchPot'));

    const names = new Map(count.results.projects.map((r) => [r.projectId, r.project.title]));
    const file = writePabulib({
      meta: {
        // Before publication the count is provisional (paper tallies may still be entered):
        // the file says so, in the file's language.
        description: budget.resultsPublishedAt ? budget.title : `${budget.title} ${PROVISIONAL}`,
        country: this.env.CITY_COUNTRY,
        unit: this.env.CITY_NAME,
        ...(chosen.districtName ? { district: chosen.districtName } : {}),
        instance: budget.title,
        votingStartsAt: budget.votingStartsAt,
        votingEndsAt: budget.votingEndsAt,
        ...(budget.votingStyle === BudgetVotingStyle.APPROVAL && budget.maxChoices !== null
          ? { maxLength: budget.maxChoices }
          : { maxSumCost: BigInt(chosen.amount) }),
      },
      election: chosen.election,
      result: chosen.outcome,
      rule: budget.selectionRule === BudgetSelectionRule.EQUAL_SHARES ? 'equalshares' : 'greedy',
      names,
    });
    const potName = chosen.districtSlug ?? CITY_POT;
    res
      .status(200)
      .set({
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="budget-${budget.id}-${potName}.pb"`,
      })
      .send(file);
  }
}
