import type { residency as ko } from '../ko/residency.js';

/** Texts of the residency domain (issue 18). */
export const residency: Record<keyof typeof ko, string> = {
  'error.conflict.tooManyDistricts': 'A city may have at most {maximum} districts.',
  'error.conflict.districtSlugTaken': 'A district with the slug "{slug}" already exists.',
  'error.conflict.birthYearVerified':
    'Your birth year was checked against an ID and can no longer be changed; ask the service desk if it must change.',
  'error.forbidden.verifyOwnResidency':
    'Nobody verifies their own residency; ask another member of staff.',
  'error.forbidden.verifyResidency': 'Only staff and admins verify residency.',
  'error.forbidden.ineligible.TOO_YOUNG':
    'Only people aged {minimumAge} or more this year (counting by birth year) may take part.',
  'error.forbidden.ineligible.AGE_UNKNOWN':
    'Only people aged {minimumAge} or more may take part; give your birth year first.',
  'error.forbidden.ineligible.NOT_VERIFIED':
    'Only residents whose residency is verified may take part; bring an ID to the service desk.',
  'error.forbidden.ineligible.OTHER_DISTRICT':
    'This budget has no share for the district you live in.',
  'error.notFound.district': 'District not found.',
  'field.namesNoDistrict': '{field} names no district',
  'error.conflict.residencyNotVerified': "This person's residency is not verified.",
} as const;
