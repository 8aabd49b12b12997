import { Controller, Get, Header, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import ical from 'ical-generator';
import { Repository } from 'typeorm';
import { Environment } from '../core/config/environment.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import { chooseLocale } from '../core/i18n/locale.js';
import { translate } from '../core/i18n/translate.js';
import { WorkshopEntity } from './workshop.entity.js';

/** The UID domain of every workshop event: stable across downloads and edits. */
const UID_DOMAIN = 'wontak';

/**
 * A workshop as an iCalendar file (RFC 5545), for "add to my calendar": one VEVENT with a
 * stable UID, times in UTC. Public, like the workshop itself; plain REST, so the GraphQL guard
 * (which checks GraphQL root fields only) lets it through.
 */
@Controller('workshops')
export class WorkshopCalendarController {
  constructor(
    @InjectRepository(WorkshopEntity) private readonly workshops: Repository<WorkshopEntity>,
    private readonly env: Environment,
  ) {}

  /** `id` is the Workshop's global id, as the API gives it (Express decodes %-escapes). */
  @Get(':id.ics')
  @Header('Cache-Control', 'no-cache')
  async calendar(
    @Param('id') id: string,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const workshopId = decodeGlobalId(id, 'Workshop');
    const workshop = workshopId ? await this.workshops.findOneBy({ id: workshopId }) : null;
    if (!workshop) {
      // Anyone may ask (no sign-in here): their client's language, else the city's.
      const locale = chooseLocale(null, acceptLanguage, this.env.DEFAULT_LOCALE);
      throw new NotFoundException(translate(locale, 'error.calendar.noSuchWorkshop'));
    }

    const calendar = ical({ prodId: { company: 'Wontak', product: 'Workshops', language: 'KO' } });
    calendar.createEvent({
      id: `${workshop.id}@${UID_DOMAIN}`,
      start: workshop.startsAt,
      end: workshop.endsAt,
      stamp: workshop.updatedAt,
      created: workshop.createdAt,
      lastModified: workshop.updatedAt,
      summary: workshop.title,
      description: workshop.description,
      location: workshop.location,
    });
    // ical-generator folds at 75 octets (never inside a character) but leaves the last line
    // without the CRLF that RFC 5545 3.1 puts after every content line, the last included.
    const text = calendar.toString();
    res
      .status(200)
      .set({
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': `inline; filename="workshop-${workshop.id}.ics"`,
      })
      .send(text.endsWith('\r\n') ? text : `${text}\r\n`);
  }
}
