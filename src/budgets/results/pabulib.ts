/**
 * Pabulib files (pabulib.org/format), the format participatory-budgeting researchers share
 * elections in: one UTF-8 `.pb` file per pot, three sections (META, PROJECTS, VOTES), each a
 * title line, a header line and `;`-separated rows; a field holding `;`, `"` or a line break is
 * quoted, with `""` for a quote inside (the format's CSV conventions, as its page states).
 * Besides the format page, the rules of Pabulib's own checker (github.com/pabulib/checker:
 * the META keys it knows and their order, obligatory keys, PROJECTS.votes equal to the votes
 * counted from VOTES, num_votes equal to the VOTES rows) are followed, so that a file passes it.
 *
 * What we write, and why:
 * - META, in the checker's order: description, country, unit (the city), district and subunit
 *   (the district, for a district's pot; absent for the city-wide pot, as for Paris's),
 *   instance, num_projects, num_votes, budget, vote_type `approval`, rule (`greedy` or
 *   `equalshares`), date_begin / date_end (dd.mm.yyyy in Korean time), max_length (approval
 *   ballots) or max_sum_cost (knapsack ballots: approval ballots bounded by cost), language
 *   `ko`, currency `KRW`, and comment (`#1: … #2: …`).
 * - PROJECTS: project_id;cost;votes;name;selected. `selected` is 1 for a project the rule
 *   selected, 2 for one the greedy completion of Equal Shares added (the format's way: a value
 *   other than 1, explained in a comment).
 * - VOTES: voter_id;vote;voting_method. Online ballots are rows of their own (`internet`).
 *   Paper ballots exist only as totals per project at each polling place, so each paper vote
 *   is written as a row of its own (`paper`), a voter choosing that one project: the votes in
 *   PROJECTS are then the votes counted from VOTES, as the checker requires, and greedy can be
 *   recomputed from the file. A comment says so, and how many paper ballots there were (under
 *   Equal Shares they, not their votes, counted in the division of the budget; the two agree
 *   when each paper ballot chose one project).
 * - Voter ids are 1..n in the order of the sorted rows: ballots are secret, and an id or the
 *   order of the rows would otherwise say who voted or when; the file tells what the totals do.
 */
import type { Election, ElectionResult } from './election.js';

export interface PabulibMeta {
  description: string;
  /** A name the checker's country list (ISO 3166, pycountry) knows: "Korea, Republic of". */
  country: string;
  /** The municipality: 남원시. */
  unit: string;
  /** The district of a district's pot; absent for the city-wide pot. */
  district?: string;
  /** Which edition: the year, or the budget's title. */
  instance: string;
  votingStartsAt?: Date;
  votingEndsAt?: Date;
  /** APPROVAL ballots: the most projects a voter may choose. */
  maxLength?: number;
  /** KNAPSACK ballots: the most a voter's chosen projects may cost together (the pot). */
  maxSumCost?: bigint;
}

export interface PabulibInput {
  meta: PabulibMeta;
  election: Election;
  result: ElectionResult;
  rule: 'greedy' | 'equalshares';
  /** Project titles by id. */
  names: ReadonlyMap<string, string>;
}

export function writePabulib({ meta, election, result, rule, names }: PabulibInput): string {
  for (const project of election.projects) {
    // A vote lists ids separated by commas: an id must not hold one.
    if (!/^[^,;"\s]+$/.test(project.id)) throw new RangeError('pabulib: unusable project id');
  }
  const order = new Map(election.projects.map((p, i) => [p.id, i]));
  const vote = (ids: readonly string[]) =>
    [...ids].sort((x, y) => order.get(x)! - order.get(y)!).join(',');
  const rows = [
    ...election.ballots.flatMap((ballot) =>
      Array.from({ length: ballot.voters }, () => [vote(ballot.projectIds), 'internet']),
    ),
    ...election.paper.flatMap((place) =>
      place.votes.flatMap((v) => Array.from({ length: v.votes }, () => [v.projectId, 'paper'])),
    ),
  ].sort(([a, am], [b, bm]) => (a < b ? -1 : a > b ? 1 : am < bm ? -1 : am > bm ? 1 : 0));
  const paperBallots = election.paper.reduce((sum, place) => sum + place.ballots, 0);
  const paperVotes = election.paper.reduce(
    (sum, place) => sum + place.votes.reduce((s, v) => s + v.votes, 0),
    0,
  );
  const outcome = new Map(result.projects.map((p) => [p.projectId, p]));
  const completed = result.projects.some(
    (p) => p.explanation.key === 'results.equalShares.completed',
  );

  const comments = [
    ...(paperBallots > 0 || paperVotes > 0
      ? [
          `${counted(paperBallots, 'paper ballot')} from ${counted(election.paper.length, 'polling place')} were counted as totals per project, not kept as ballots: each of their ${counted(paperVotes, 'paper vote')} is a row of VOTES (voting_method paper), as if from a voter choosing that one project.`,
        ]
      : []),
    ...(completed
      ? ['selected 2: chosen by a greedy completion from the money Equal Shares left unspent.']
      : []),
    'Voter ids are numbered in the order of the votes: ballots are secret.',
  ];
  const optional = (key: string, value: string | number | bigint | undefined) =>
    value === undefined ? [] : [[key, String(value)] as [string, string]];
  const metaRows: [string, string][] = [
    ['description', meta.description],
    ['country', meta.country],
    ['unit', meta.unit],
    ...optional('district', meta.district),
    ...optional('subunit', meta.district),
    ['instance', meta.instance],
    ['num_projects', String(election.projects.length)],
    ['num_votes', String(rows.length)],
    ['budget', String(election.amount)],
    ['vote_type', 'approval'],
    ['rule', rule],
    ...optional('date_begin', meta.votingStartsAt && day(meta.votingStartsAt)),
    ...optional('date_end', meta.votingEndsAt && day(meta.votingEndsAt)),
    ...optional('max_length', meta.maxLength),
    ...optional('max_sum_cost', meta.maxSumCost),
    ['language', 'ko'],
    ['currency', 'KRW'],
    ['comment', comments.map((c, i) => `#${i + 1}: ${c}`).join(' ')],
  ];

  const lines = ['META', row(['key', 'value']), ...metaRows.map(row)];
  lines.push('PROJECTS', row(['project_id', 'cost', 'votes', 'name', 'selected']));
  for (const project of election.projects) {
    const o = outcome.get(project.id);
    const selected =
      o?.outcome !== 'SELECTED'
        ? '0'
        : o.explanation.key === 'results.equalShares.completed'
          ? '2'
          : '1';
    lines.push(
      row([
        project.id,
        String(project.cost),
        String(o?.votes ?? 0),
        names.get(project.id) ?? '',
        selected,
      ]),
    );
  }
  lines.push('VOTES', row(['voter_id', 'vote', 'voting_method']));
  rows.forEach(([v, method], i) => lines.push(row([String(i + 1), v, method])));
  return lines.join('\n') + '\n';
}

function counted(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}

/** dd.mm.yyyy in Korean time (UTC+9, no daylight saving). */
function day(date: Date): string {
  const korean = new Date(date.getTime() + 9 * 3600 * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(korean.getUTCDate())}.${two(korean.getUTCMonth() + 1)}.${korean.getUTCFullYear()}`;
}

function row(fields: readonly string[]): string {
  return fields.map(field).join(';');
}

function field(value: string): string {
  return /[;"\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface PabulibFile {
  meta: Record<string, string>;
  /** Rows by column name, in file order; `projectColumns` and `voteColumns` keep the headers. */
  projects: Record<string, string>[];
  votes: Record<string, string>[];
  projectColumns: string[];
  voteColumns: string[];
}

const SECTIONS = new Set(['meta', 'projects', 'votes']);

/**
 * Reads a .pb file: the three sections in any order, quoted fields (with `;`, `""` and line
 * breaks inside), unquoted fields trimmed (files in the wild write `key; value`), blank lines
 * skipped, \r\n or \n. A malformed file throws a RangeError naming the line.
 */
export function parsePabulib(text: string): PabulibFile {
  const file: PabulibFile = {
    meta: {},
    projects: [],
    votes: [],
    projectColumns: [],
    voteColumns: [],
  };
  let section: 'meta' | 'projects' | 'votes' | null = null;
  let header: string[] | null = null;
  for (const { fields, line } of records(text.replace(/^\uFEFF/, ''))) {
    if (fields.length === 1 && fields[0].value === '') continue;
    const title = fields[0].value.toLowerCase();
    if (fields.length === 1 && !fields[0].quoted && SECTIONS.has(title)) {
      section = title as 'meta' | 'projects' | 'votes';
      header = null;
      continue;
    }
    if (!section) throw new RangeError(`pabulib: line ${line} comes before any section`);
    const values = fields.map((f) => f.value);
    if (!header) {
      header = values;
      if (section === 'projects') file.projectColumns = header;
      if (section === 'votes') file.voteColumns = header;
      continue;
    }
    if (values.length !== header.length) {
      throw new RangeError(
        `pabulib: line ${line} has ${values.length} fields, not ${header.length}`,
      );
    }
    if (section === 'meta') {
      file.meta[values[0]] = values[1];
    } else {
      const record: Record<string, string> = {};
      header.forEach((name, i) => (record[name] = values[i]));
      file[section].push(record);
    }
  }
  return file;
}

interface Field {
  value: string;
  quoted: boolean;
}

/** The file's records: fields split on `;` outside quotes, records on line breaks outside quotes. */
function* records(text: string): Generator<{ fields: Field[]; line: number }> {
  let fields: Field[] = [];
  let value = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let start = 1;
  const endField = () => {
    fields.push({ value: quoted ? value : value.trim(), quoted });
    value = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
      } else {
        if (c === '\n') line++;
        value += c;
      }
    } else if (c === '"' && value.trim() === '' && !quoted) {
      inQuotes = true;
      quoted = true;
      value = '';
    } else if (c === ';') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      yield { fields, line: start };
      fields = [];
      line++;
      start = line;
    } else if (quoted) {
      if (c.trim() !== '') throw new RangeError(`pabulib: line ${line} has text after a quote`);
    } else {
      value += c;
    }
  }
  if (inQuotes) throw new RangeError(`pabulib: line ${start} opens a quote it does not close`);
  if (value !== '' || quoted || fields.length > 0) {
    endField();
    yield { fields, line: start };
  }
}
