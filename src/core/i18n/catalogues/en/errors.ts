import type { errors as ko } from '../ko/errors.js';

/**
 * Error texts in English; the parameters are those of ko/errors.ts. Each is, to the character,
 * the sentence the API answered before messages were translated (clients and tests read them),
 * and the `validation.*` ones are class-validator's own sentences, read back by text.ts.
 */
export const errors: Record<keyof typeof ko, string> = {
  'error.unauthenticated.SIGN_IN_REQUIRED': 'You must be signed in to do this.',
  'error.unauthenticated.INVALID_CREDENTIALS': 'The email or password is wrong.',
  'error.unauthenticated.TOKEN_EXPIRED':
    'The access token has expired: get a new one with refreshSession and try again.',
  'error.unauthenticated.TOKEN_INVALID': 'The token is not valid: sign in again.',
  'error.unauthenticated.SESSION_REVOKED':
    'The session of this token has ended (signed out or revoked): sign in again.',
  'error.unauthenticated.SESSION_EXPIRED':
    'The session has expired after too long without a refresh: sign in again.',
  'error.unauthenticated.REFRESH_TOKEN_REUSED':
    'The session was ended because one of its refresh tokens was used a second time, as happens when a token is stolen and replayed: sign in again.',
  'error.unauthenticated.connectionTokenExpired':
    'The access token of this connection has expired: refresh it and reconnect with the new one to keep receiving events.',

  'error.forbidden': 'You are not allowed to do this.',
  'error.forbidden.suspended': 'Your account is suspended until {until}.',
  'error.forbidden.suspendedSeeDate': 'You are suspended until the date shown.',
  'error.forbidden.onlyAdminsChangeRoles': 'Only admins may change roles.',
  'error.forbidden.oversightList':
    'Only the oversight department and admins see the oversight list.',
  'error.forbidden.reportOwn': 'You cannot report what you wrote yourself.',
  'error.forbidden.moderateContent':
    "Moderators decide on citizens' content (and may restore whatever reports hid); admins on anyone's but admins'; nobody on their own.",
  'error.forbidden.suspend': 'Moderators suspend citizens only; admins anyone but admins.',
  'error.forbidden.transfer':
    'Only staff of the department this proposal is assigned to (or an admin) may transfer it.',
  'error.forbidden.setDueByHand': 'Only an admin may set responseDueAt by hand.',
  'error.forbidden.answer':
    'Only staff of the department this proposal is assigned to (or an admin) may answer it.',
  'error.forbidden.postProgress':
    'Only staff of the department this proposal is assigned to (or an admin) may post progress.',
  'error.forbidden.adminsDoNotRate': 'Admins do not rate answers.',
  'error.forbidden.onlyAuthorRates': "Only the proposal's author may rate its answers.",
  'error.forbidden.changeProposal': 'Only the author of a proposal (or an admin) may change it.',
  'error.forbidden.changeComment': 'Only the author of a comment (or an admin) may change it.',
  'error.forbidden.ownDepartmentWorkshops': 'Staff create workshops for their own department only.',
  'error.forbidden.organizersOnly':
    "Only staff of the workshop's organizing department (or an admin) may do this.",

  'error.notFound.proposal': 'The proposal was not found.',
  'error.notFound.comment': 'The comment was not found.',
  'error.notFound.workshop': 'The workshop was not found.',
  'error.notFound.user': 'The user was not found.',
  'error.notFound.answer': 'The answer was not found.',
  'error.notFound.department': 'Department was not found.',
  'error.notFound.registration': 'Your registration for this workshop was not found.',
  'error.notFound.notification': 'The notification was not found.',

  'error.conflict.tooManyProcesses': 'A city has at most {maximum} processes.',
  'error.conflict.tooManyDepartments': 'A city has at most {maximum} departments.',
  'error.conflict.tooManyTopics': 'A city has at most {maximum} topics.',
  'error.conflict.processSlugTaken': 'A process with slug "{slug}" already exists.',
  'error.conflict.departmentSlugTaken': 'A department with slug "{slug}" already exists.',
  'error.conflict.topicSlugTaken': 'A topic with slug "{slug}" already exists.',
  'error.conflict.emailTaken': 'An account with this email already exists.',
  'error.conflict.ownRole': 'Admins cannot change their own role; ask another admin.',
  'error.conflict.deletedNothingToReport':
    'This comment was deleted by its author; there is nothing to report.',
  'error.conflict.alreadyReported': 'You have already reported this.',
  'error.conflict.notSuspended': 'This user is not suspended.',
  'error.conflict.alreadyRated': 'You have already rated this answer.',
  'error.conflict.finalNotRouted': 'A {status} proposal is final and is not routed again.',
  'error.conflict.alreadyAssignedHere': 'The proposal is already assigned to this department.',
  'error.conflict.notAssignedYet':
    'The proposal is not assigned to a department yet: assign it first.',
  'error.conflict.answerTransition':
    'An answer cannot move a {status} proposal to {to}; it may set {allowed}.',
  'error.conflict.takesNoAnswers': 'A {status} proposal takes no answers.',
  'error.conflict.progressStatus':
    'Progress updates are for ACCEPTED and IN_PROGRESS proposals; this one is {status}.',
  'error.conflict.editOnlySubmitted':
    'A proposal can be edited only while SUBMITTED; this one is {status}.',
  'error.conflict.withdrawOnly':
    'A proposal can be withdrawn only while SUBMITTED or UNDER_REVIEW; this one is {status}.',
  'error.conflict.hiddenNoSupport':
    'This proposal is hidden by moderation and cannot be supported.',
  'error.conflict.supportsClosed': 'Supports are closed on a {status} proposal.',
  'error.conflict.commentRemovedNoReplies': 'This comment was removed and takes no replies.',
  'error.conflict.deletedCommentEdit': 'A deleted comment cannot be edited.',
  'error.conflict.hiddenCommentEdit': 'A comment hidden by moderation cannot be edited.',
  'error.conflict.hiddenNoComments': 'This proposal is hidden by moderation and takes no comments.',
  'error.conflict.capacityBelowConfirmed':
    '{count} people are confirmed; the capacity cannot go below that.',
  'error.conflict.outcomeBeforeStart': 'An outcome can be published once the workshop has started.',
  'error.conflict.registrationClosed': 'Registration closed when the workshop started.',
  'error.conflict.registrationFrozen':
    'The workshop has started; registrations can no longer change.',

  'error.rateLimited':
    'Too many requests: try again in {retryAfter, plural, one {{retryAfter} second} other {{retryAfter} seconds}}.',
  'error.databaseUnavailable':
    'The service cannot reach its database right now: nothing was changed, try again shortly.',
  'error.busy':
    'The service is busy with other large requests: nothing was done, try again shortly.',
  'error.live.tooManySubscriptions':
    'This connection already runs {maximum} subscriptions, the most it may: complete one before starting another.',
  'error.live.noRoom': 'This server runs as many subscriptions as it can: try again later.',
  'error.live.subscriptionCost':
    'This subscription costs {cost}, more than the {maximum} a subscription may (it is resolved again at every event): select fewer fields or smaller pages.',
  'error.queryLimit.cost':
    'This operation costs {cost}, more than the {maximum} allowed: ask for smaller pages or fewer nested lists.',
  'error.queryLimit.depth': 'Syntax Error: Query depth limit of {maximum} exceeded, found {found}.',
  'error.queryLimit.aliases': 'Syntax Error: Aliases limit of {maximum} exceeded, found {found}.',
  'error.queryLimit.directives':
    'Syntax Error: Directives limit of {maximum} exceeded, found {found}.',
  'error.queryLimit.tokens':
    'Syntax Error: Document contains more that {maximum} tokens. Parsing aborted.',
  'error.calendar.noSuchWorkshop': 'No such workshop.',
  'error.internal': 'Something went wrong on our side.',
  'error.unstorableCharacter':
    'The input contains a character that cannot be stored (such as NUL).',

  'error.input.invalid': 'The input is not valid.',
  'error.input.moreFields':
    '{problem} (and {count, plural, one {{count} more field} other {{count} more fields}})',
  'error.input.atField': '{field}: {problem}',

  'field.notText': '{field} must be text',
  'field.notWellFormed': '{field} must be valid Unicode text',
  'field.controlCharacters': '{field} must not contain control characters',
  'field.empty': '{field} must not be empty',
  'field.tooShort': '{field} must be at least {min} characters long',
  'field.tooLong': '{field} must be at most {max} characters long',
  'field.malformed': '{field} must be valid Unicode text without NUL characters',
  'field.directionControl':
    '{field} must not contain characters that change the direction of text (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)',
  'field.visibleCharacters':
    '{field} must have at least {min} visible characters (zero-width characters, fillers and lone combining marks do not show)',
  'field.validEmail': '{field} must be a valid email address',
  'field.passwordIsEmail': '{field} must not be the email',
  'field.slug': '{field} must be 2-60 lower-case letters, digits and single hyphens',
  'field.idOf': '{field} must be an id of a {type}',
  'field.idsOf': '{field} must be ids of a {type}',
  'field.anId': '{field} must be an id',
  'field.idOfEither': '{field} must be an id of a {first} or a {second}',
  'field.theIdOfEither': '{field} must be the id of a {first} or a {second}',
  'field.commentSubject':
    '{field} must be the id of something that takes comments (a Proposal or a Workshop)',
  'field.cannotBeNull': '{field} cannot be null',
  'field.timeZone': '{field} must be an IANA time zone name',
  'field.notADepartmentId': '{field} is not the ID of a department',
  'field.namesNoDepartment': '{field} names no department',
  'field.namesNoProcess': '{field} names no participatory process',
  'field.namesNoTopic': '{field} names a topic that does not exist',
  'field.namesNoProposal': '{field} names a proposal that does not exist',
  'field.onlyForStaff': '{field} is only for the STAFF role',
  'field.requiredForStaff': '{field} is required for the STAFF role',
  'field.notAnExistingDepartment': '{field} does not name an existing department',
  'field.inTheFuture': '{field} must be in the future',
  'field.inTheFutureSuspension': '{field} must be in the future (liftSuspension ends one)',
  'field.withinDays': '{field} must be within {days} days',
  'field.afterStart': '{field} must be after startsAt',
  'field.sameSubject': '{field} must be a comment on the same subject',
  'field.organizerRequired': 'an admin must name the organizer',
  'field.invalidCursor': '{field} is not a valid cursor for this list',
  'field.atMostIds': '{field} must name at most {maximum} objects',
  'field.atMostNotifications': '{field} must name at most {maximum} notifications',
  'field.noRepeatedIds': '{field} must not repeat an id',
  'field.namedTwice': '{field} names {kind} twice',
  'field.thresholdsIncrease': 'thresholds must increase strictly: {threshold} follows {previous}',
  'field.actionNeedsDue': '{action} needs dueInDays',
  'field.dueOnlyForAnswers': 'dueInDays is only for the answer actions, not {action}',
  'field.answerFromNeedsDepartment': 'REQUIRE_ANSWER_FROM needs answeringDepartmentId',
  'field.departmentOnlyForAnswerFrom':
    'answeringDepartmentId is only for REQUIRE_ANSWER_FROM, not {action}',

  'validation.each': 'each value in {problem}',
  'validation.isInt': '{field} must be an integer number',
  'validation.min': '{field} must not be less than {min}',
  'validation.max': '{field} must not be greater than {max}',
  'validation.isIn': '{field} must be one of the following values: {values}',
  'validation.isString': '{field} must be a string',
  'validation.isBoolean': '{field} must be a boolean value',
  'validation.isDate': '{field} must be a Date instance',
  'validation.arrayMaxSize': '{field} must contain no more than {max} elements',
  'validation.isArray': '{field} must be an array',
  'validation.isUrl': '{field} must be a URL address',
  'validation.minLength': '{field} must be longer than or equal to {min} characters',
  'validation.maxLength': '{field} must be shorter than or equal to {max} characters',
  'validation.isNumber': '{field} must be a number conforming to the specified constraints',
  'validation.arrayUnique': "All {field}'s elements must be unique",
  'validation.isEmail': '{field} must be an email',
  'validation.isNotEmpty': '{field} should not be empty',
  'validation.nested': 'nested property {field} must be either object or array',
};
