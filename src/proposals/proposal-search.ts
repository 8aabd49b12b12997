import { characterCount } from '../core/validation/text.js';

/**
 * The search condition over alias `p`: a case-insensitive substring of the title or the body.
 * For two characters or more the GIN index of bigrams (proposal_search, see
 * ProposalSearchEntity) narrows the rows to those holding every bigram of the term; strpos then confirms
 * the exact substring. A single character has no bigram and is a plain scan. The term is only
 * ever a bound parameter, and strpos has no wildcards, so `%`, `_` or quotes are just text.
 */
export function searchCondition(term: string): { sql: string; params: Record<string, unknown> } {
  const exact =
    '(strpos(lower(p.title), lower(:searchTerm)) > 0 OR strpos(lower(p.body), lower(:searchTerm)) > 0)';
  if (characterCount(term) < 2) return { sql: exact, params: { searchTerm: term } };
  return {
    sql: `p.id IN (SELECT ps.proposal_id FROM proposal_search ps WHERE ps.bigrams @> search_bigrams(:searchTerm)) AND ${exact}`,
    params: { searchTerm: term },
  };
}
