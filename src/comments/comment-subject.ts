import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';
import { parseGlobalId } from '../core/graphql/relay/global-id.js';
import { english, text } from '../core/i18n/text.js';

/**
 * The things comments hang on, each with its own foreign-key column in the comment table.
 * Adding a commentable kind means a type name here, a column, and its rules in
 * CommentsService.lockSubject.
 */
export const COMMENTABLE_TYPES = { Proposal: 'proposal_id', Workshop: 'workshop_id' } as const;
export type CommentableType = keyof typeof COMMENTABLE_TYPES;

export interface CommentSubjectRef {
  type: CommentableType;
  id: string;
}

/** The subject a comment row hangs on. */
export function subjectOf(comment: {
  proposalId: string | null;
  workshopId: string | null;
}): CommentSubjectRef {
  return comment.proposalId
    ? { type: 'Proposal', id: comment.proposalId }
    : { type: 'Workshop', id: comment.workshopId! };
}

class NotCommentable {}

/** Decodes a subject's global ID in place; an id of any other type fails validation. */
export function IsCommentSubject(): PropertyDecorator {
  return (target, propertyKey) => {
    Transform(({ value }) => {
      const decoded = parseGlobalId(value);
      return decoded && decoded.type in COMMENTABLE_TYPES
        ? ({ type: decoded.type as CommentableType, id: decoded.id } satisfies CommentSubjectRef)
        : new NotCommentable();
    })(target, propertyKey);
    registerDecorator({
      name: 'isCommentSubject',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value) => !(value instanceof NotCommentable),
        defaultMessage: (args) =>
          english(text('field.commentSubject', { field: args?.property ?? '' })),
      },
    });
  };
}
