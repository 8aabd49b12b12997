/**
 * The positional parameters of one planned statement. Values are always parameters, never
 * spliced into the text, so one shape of selection is one text, whoever asks: the text names
 * a prepared statement (planned-statements.ts).
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** `$n` for `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /**
   * Rewrites a condition written for TypeORM (`:name` placeholders, as visibleProposalsSql,
   * cursorCondition and searchCondition give them) into `$n` placeholders, so those rules are
   * written once and used by both ways of reading. A name used twice is one parameter;
   * `::type` casts are left alone. `:...name` (an expanded list) is refused: its text would
   * change with the list's length; write `= ANY(:name)` instead.
   */
  bind(condition: { sql: string; params: Record<string, unknown> }): string {
    const numbered = new Map<string, string>();
    return condition.sql.replace(
      /(?<![:\w]):(\.\.\.)?([A-Za-z_]\w*)/g,
      (_match, spread: string | undefined, name: string) => {
        if (spread) throw new Error(`:...${name}: use = ANY(:${name}) in planned conditions`);
        if (!(name in condition.params)) throw new Error(`no value for :${name}`);
        let placeholder = numbered.get(name);
        if (!placeholder) {
          placeholder = this.add(condition.params[name]);
          numbered.set(name, placeholder);
        }
        return placeholder;
      },
    );
  }
}

/** A string as an SQL literal; for the planner's own names (field names), never client text. */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
