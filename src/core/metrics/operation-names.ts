/** The label of an operation that has no name (`{ proposals { totalCount } }`). */
export const ANONYMOUS_OPERATION = 'anonymous';
/** The label of the named operations seen after the cap was reached. */
export const OTHER_OPERATIONS = 'other';
/** The label of a document that never resolved to an operation (parse or validation failure). */
export const INVALID_DOCUMENT = 'invalid';

/**
 * Distinct operation names kept as labels, per process. A city's front ends send a few dozen;
 * every name costs a handful of series (a counter per outcome code, a histogram), so the cap
 * bounds the memory of the metrics whatever clients invent.
 */
export const MAX_OPERATION_NAMES = 200;

/** Longer names are not kept as labels (a GraphQL name may be as long as a document allows). */
const MAX_NAME_LENGTH = 100;

/**
 * Operation names come from clients: the label of an operation is its name only for the first
 * `cap` names this process sees; every later new name counts as "other". Names already admitted
 * keep their label. So the series of the metrics are bounded, however many names a client
 * sends; the cost is that a client who sends junk names first pushes real ones into "other"
 * (until trusted documents, issue 20, name the operations the server knows).
 */
export class OperationNameLabels {
  private readonly admitted = new Set<string>();

  constructor(private readonly cap = MAX_OPERATION_NAMES) {}

  /** The label of an operation named `name` (null or empty: anonymous). */
  labelFor(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (this.admitted.has(name)) return name;
    if (this.admitted.size >= this.cap || name.length > MAX_NAME_LENGTH) return OTHER_OPERATIONS;
    this.admitted.add(name);
    return name;
  }

  /** Names admitted so far. */
  get size(): number {
    return this.admitted.size;
  }
}
