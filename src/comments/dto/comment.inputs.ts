import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';
import { IsCommentSubject, type CommentSubjectRef } from '../comment-subject.js';

/** The contract's limit for comments (../shared/api/README.md, "Input rules"). */
export const COMMENT_BODY = [1, 5000] as const;

@InputType()
export class AddCommentInput {
  @Field(() => ID, { description: 'A Proposal or Workshop id.' })
  @IsCommentSubject()
  subjectId: CommentSubjectRef;

  @Field(() => ID, {
    nullable: true,
    description: 'The comment this replies to; it must be on the same subject.',
  })
  @IsOptional()
  @IsGlobalIdOf('Comment')
  parentId?: string | null;

  @Field({ description: `Plain text, ${COMMENT_BODY[0]}-${COMMENT_BODY[1]} characters.` })
  @IsText(...COMMENT_BODY)
  body: string;
}

@InputType()
export class EditCommentInput {
  @Field(() => ID)
  @IsGlobalIdOf('Comment')
  id: string;

  @Field()
  @IsText(...COMMENT_BODY)
  body: string;
}

@ArgsType()
export class CommentIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('Comment')
  id: string;
}
