import type { common as ko } from '../ko/common.js';

export const common: Record<keyof typeof ko, string> = {
  'common.comments': '{count, plural, one {# comment} other {# comments}}',
  'common.supports': '{count, plural, one {# support} other {# supports}}',
};
