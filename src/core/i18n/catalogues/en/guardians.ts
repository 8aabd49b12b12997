import type { guardians as ko } from '../ko/guardians.js';

/** Texts of children and their guardians' consent (issue 19). */
export const guardians: Record<keyof typeof ko, string> = {
  'error.notFound.child': 'Child not found.',
  'error.notFound.childRegistration': "The child's registration was not found.",
  'error.forbidden.guardian.NOT_ADULT':
    'Only adults (aged 19 or more this year, counting by birth year) may add children.',
  'error.forbidden.guardian.AGE_UNKNOWN':
    'Only adults may add children; give your birth year first.',
  'error.forbidden.childAge.TOO_YOUNG':
    'This workshop is for children aged {minimumAge} or more (counting by birth year).',
  'error.forbidden.childAge.TOO_OLD':
    'This workshop is for children aged {maximumAge} or less (counting by birth year).',
  'error.conflict.tooManyChildren': 'A guardian may add at most {maximum} children.',
  'error.conflict.childrenNotAllowed': "This workshop does not take children's registrations.",
  'error.conflict.consentTextVersionTaken': 'A consent text of version "{version}" already exists.',
  'field.atLeastMinimumAge': '{field} must be at least minimumAge',
  'field.consentTextOutdated': "{field} must be the current consent text's version, {current}",
  'field.birthYearOfMinor': '{field} must be from {earliest} to {latest} (a minor)',
  'notification.WORKSHOP_REGISTRATION_CONFIRMED.child':
    'More places were opened: your child\'s place at "{title}" is confirmed.',
  'notification.WORKSHOP_WAITLIST_PROMOTED.child':
    'A place came free: your child moved from the waitlist to confirmed at "{title}".',
};
