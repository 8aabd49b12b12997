import { GraphQLError } from 'graphql';
import { formatGraphqlError, formatWebSocketErrors } from './format-error.js';

describe('hideSuggestions', () => {
  const hidden = { exposeStack: false, hideSuggestions: true };
  const message = (text: string) =>
    formatWebSocketErrors([new GraphQLError(text)], 'validation', hidden)[0]!.message;

  it('masks every form of graphql-js suggestion, as graphql-armor leaves the field one over HTTP', () => {
    expect(message('Cannot query field "titel" on type "Proposal". Did you mean "title"?')).toBe(
      'Cannot query field "titel" on type "Proposal". [Suggestion hidden]?',
    );
    expect(
      message(
        'Unknown argument "frist" on field "Query.proposals". Did you mean "first" or "after"?',
      ),
    ).toBe('Unknown argument "frist" on field "Query.proposals". [Suggestion hidden]?');
    expect(
      message(
        'Value "ACCEPTD" does not exist in "ProposalStatus" enum. Did you mean the enum value "ACCEPTED"?',
      ),
    ).toBe('Value "ACCEPTD" does not exist in "ProposalStatus" enum. [Suggestion hidden]?');
    expect(
      message(
        'Cannot query field "title" on type "Node". Did you mean to use an inline fragment on "ParticipatoryProcess", "Proposal", or "Workshop"?',
      ),
    ).toBe('Cannot query field "title" on type "Node". [Suggestion hidden]?');
  });

  it('leaves other messages, and every message outside production, as they are', () => {
    expect(message('Syntax Error: Expected Name, found "}".')).toBe(
      'Syntax Error: Expected Name, found "}".',
    );
    const shown = formatGraphqlError(
      { message: 'Did you mean "title"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      null,
      { exposeStack: false },
    );
    expect(shown.message).toBe('Did you mean "title"?');
  });
});
