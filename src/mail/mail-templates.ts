import { translate, type MessageKey } from '../core/i18n/translate.js';
import type { Locale } from '../core/i18n/locale.js';
import type { NotificationKind } from '../notifications/notification-kind.js';

/** A link of a mail: its words (from the catalogue) and where it goes. */
export interface MailLink {
  label: string;
  url: string;
}

/** One line of a mail's list (a digest's notification), with the link to what it is about. */
export interface MailItem {
  text: string;
  link?: MailLink;
}

/**
 * What a mail says, in its reader's language, before it is laid out. The text and the HTML
 * part are both built from these pieces, so they never say different things.
 */
export interface MailPieces {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Headed lists (a digest's kinds). */
  sections?: { heading: string; items: MailItem[] }[];
  /** The one thing to do (see the proposal, confirm the address). */
  action?: MailLink;
  /** Small print: why this mail came, and how to stop it. */
  footer: string[];
  footerLinks: MailLink[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Subjects are cut here: mail clients show about this much, and a title may be long. */
const SUBJECT_MAX_CHARS = 120;

/** The text and HTML parts of a mail from its pieces; everything in the HTML is escaped. */
export function renderMail(pieces: MailPieces): RenderedMail {
  const text: string[] = [pieces.greeting, ''];
  const html: string[] = [`<p>${escapeHtml(pieces.greeting)}</p>`];
  for (const paragraph of pieces.paragraphs) {
    text.push(paragraph, '');
    html.push(`<p>${escapeHtml(paragraph)}</p>`);
  }
  for (const section of pieces.sections ?? []) {
    text.push(`■ ${section.heading}`);
    html.push(`<h3>${escapeHtml(section.heading)}</h3>`, '<ul>');
    for (const item of section.items) {
      text.push(`- ${item.text}`);
      if (item.link) text.push(`  ${item.link.label}: ${item.link.url}`);
      html.push(
        item.link
          ? `<li>${escapeHtml(item.text)} <a href="${escapeHtml(item.link.url)}">${escapeHtml(item.link.label)}</a></li>`
          : `<li>${escapeHtml(item.text)}</li>`,
      );
    }
    text.push('');
    html.push('</ul>');
  }
  if (pieces.action) {
    text.push(`${pieces.action.label}: ${pieces.action.url}`, '');
    html.push(
      `<p><a href="${escapeHtml(pieces.action.url)}">${escapeHtml(pieces.action.label)}</a></p>`,
    );
  }
  text.push('--');
  html.push('<hr>', '<p style="color:#666;font-size:small">');
  const small: string[] = [];
  for (const line of pieces.footer) {
    text.push(line);
    small.push(escapeHtml(line));
  }
  for (const link of pieces.footerLinks) {
    text.push(`${link.label}: ${link.url}`);
    small.push(`<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`);
  }
  html.push(small.join('<br>\n'), '</p>');
  return {
    subject: cut(pieces.subject, SUBJECT_MAX_CHARS),
    text: `${text.join('\n')}\n`,
    html: `<!doctype html>\n<html><head><meta charset="utf-8"></head><body>\n${html.join('\n')}\n</body></html>\n`,
  };
}

/** The catalogue's name of a kind of notification ("제안 답변", "Proposal answered"). */
export function kindLabel(locale: Locale, kind: NotificationKind): string {
  return translate(locale, `mail.kind.${kind}` as MessageKey);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * At most `max` characters, counted as a reader sees them (grapheme clusters: a Hangul
 * syllable, an emoji with its modifiers), never cut inside one, with "…" when cut.
 */
export function cut(text: string, max: number): string {
  const graphemes = Array.from(
    GRAPHEMES.segment(text.replace(/\s+/g, ' ').trim()),
    (g) => g.segment,
  );
  return graphemes.length <= max ? graphemes.join('') : `${graphemes.slice(0, max - 1).join('')}…`;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
