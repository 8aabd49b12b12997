import { Locale } from '../core/i18n/locale.js';
import { NotificationKind } from '../notifications/notification-kind.js';
import { escapeHtml, kindLabel, renderMail } from './mail-templates.js';
import { hostOf } from './mail-transport.js';

const pieces = {
  subject: '[원탁] 알림',
  greeting: 'Hello <b>Ann</b>,',
  paragraphs: ['"Shade" & <benches>'],
  sections: [
    {
      heading: 'Comments (2)',
      items: [
        { text: 'one <i>', link: { label: 'See', url: 'https://w.test/p/1?a=1&b="2"' } },
        { text: 'two' },
      ],
    },
  ],
  action: { label: 'Open', url: 'https://w.test/x' },
  footer: ['Why you get this'],
  footerLinks: [{ label: 'Stop', url: 'https://w.test/unsubscribe?token=abc.def' }],
};

describe('renderMail', () => {
  const mail = renderMail(pieces);

  it('says the same in the text part and the HTML part, in order', () => {
    const order = [
      'Hello',
      'Shade',
      'Comments (2)',
      'one',
      'two',
      'Open',
      'Why you get this',
      'Stop',
    ];
    for (const part of [mail.text, mail.html]) {
      const at = order.map((word) => part.indexOf(word));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
    expect(mail.text).toContain('See: https://w.test/p/1?a=1&b="2"');
    expect(mail.text).toContain('Stop: https://w.test/unsubscribe?token=abc.def');
  });

  it('escapes every piece in the HTML: text from people never becomes markup', () => {
    expect(mail.html).toContain('Hello &lt;b&gt;Ann&lt;/b&gt;,');
    expect(mail.html).toContain('&quot;Shade&quot; &amp; &lt;benches&gt;');
    expect(mail.html).toContain('href="https://w.test/p/1?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).not.toMatch(/<(b|i|benches)>/);
  });

  it('cuts a long subject at 120 characters, never inside a character, on one line', () => {
    const long = renderMail({ ...pieces, subject: `${'가'.repeat(200)}\n😀` });
    expect(Array.from(long.subject)).toHaveLength(120);
    expect(long.subject.endsWith('…')).toBe(true);
    const emoji = renderMail({ ...pieces, subject: `${'a'.repeat(118)}😀😀😀` });
    expect(Array.from(emoji.subject)).toHaveLength(120);
    expect(emoji.subject).toBe(`${'a'.repeat(118)}😀…`);
    expect(renderMail({ ...pieces, subject: 'a\r\n  b' }).subject).toBe('a b');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('kindLabel', () => {
  it('names every kind in both languages', () => {
    for (const kind of Object.values(NotificationKind)) {
      expect(kindLabel(Locale.KO, kind)).toMatch(/\S/);
      expect(kindLabel(Locale.EN, kind)).toMatch(/^[A-Z]/);
    }
  });
});

describe('hostOf', () => {
  it.each([
    ['원탁 Wontak <no-reply@wontak.localhost>', 'wontak.localhost'],
    ['no-reply@Mail.Namwon.go.kr', 'mail.namwon.go.kr'],
    ['"Wontak" <a@b.example>  ', 'b.example'],
    ['not an address', 'wontak.localhost'],
  ])('%s → %s', (from, host) => {
    expect(hostOf(from)).toBe(host);
  });
});
