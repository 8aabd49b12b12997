import type { Election } from './election.js';
import { equalShares } from './equal-shares.js';
import { greedy } from './greedy.js';
import { parsePabulib, writePabulib, type PabulibInput } from './pabulib.js';

const election: Election = {
  amount: 1000n,
  projects: [
    { id: 'p1', cost: 600n },
    { id: 'p2', cost: 300n },
    { id: 'p3', cost: 200n },
  ],
  ballots: [
    { projectIds: ['p2', 'p1'], voters: 3 },
    { projectIds: ['p3'], voters: 2 },
    { projectIds: ['p1'], voters: 1 },
  ],
  paper: [{ ballots: 2, votes: [{ projectId: 'p3', votes: 2 }] }],
};
const names = new Map([
  ['p1', '산책로 그늘막; 1단계'],
  ['p2', '"작은" 도서관'],
  ['p3', '놀이터\n(동쪽)'],
]);
const input = (e: Election): PabulibInput => ({
  meta: {
    description: '2026 남원시 주민참여예산',
    country: 'Korea, Republic of',
    unit: '남원시',
    district: '동충동',
    instance: '2026',
    votingStartsAt: new Date('2026-05-31T15:30:00Z'), // 1 June in Korea
    votingEndsAt: new Date('2026-06-14T14:59:00Z'),
    maxLength: 3,
  },
  election: e,
  result: greedy(e),
  rule: 'greedy',
  names,
});

describe('Pabulib files (pabulib.org/format)', () => {
  const text = writePabulib(input(election));
  const file = parsePabulib(text);

  it("write the three sections, with the META keys in the checker's order", () => {
    expect(text.split('\n').filter((l) => /^(META|PROJECTS|VOTES)$/.test(l))).toEqual([
      'META',
      'PROJECTS',
      'VOTES',
    ]);
    const checkerOrder =
      'description country unit district subunit instance num_projects num_votes budget ' +
      'vote_type rule date_begin date_end max_length language currency comment';
    expect(Object.keys(file.meta).join(' ')).toBe(checkerOrder);
    expect(file.meta).toMatchObject({
      description: '2026 남원시 주민참여예산',
      country: 'Korea, Republic of',
      unit: '남원시',
      subunit: '동충동',
      district: '동충동',
      instance: '2026',
      num_projects: '3',
      num_votes: '8',
      budget: '1000',
      vote_type: 'approval',
      rule: 'greedy',
      date_begin: '01.06.2026',
      date_end: '14.06.2026',
      max_length: '3',
      currency: 'KRW',
      language: 'ko',
    });
    expect(file.meta.comment).toBe(
      '#1: 2 paper ballots from 1 polling place were counted as totals per project, not kept ' +
        'as ballots: each of their 2 paper votes is a row of VOTES (voting_method paper), as if ' +
        'from a voter choosing that one project. ' +
        '#2: Voter ids are numbered in the order of the votes: ballots are secret.',
    );
  });

  it('read back projects with names that need quoting, votes with paper, and selection', () => {
    expect(file.projectColumns).toEqual(['project_id', 'cost', 'votes', 'name', 'selected']);
    // Greedy: p1 (4 votes) ₩600, then p3 (4 votes, cheaper: first), p2 (3) no longer fits.
    expect(file.projects).toEqual([
      { project_id: 'p1', cost: '600', votes: '4', name: '산책로 그늘막; 1단계', selected: '1' },
      { project_id: 'p2', cost: '300', votes: '3', name: '"작은" 도서관', selected: '0' },
      { project_id: 'p3', cost: '200', votes: '4', name: '놀이터\n(동쪽)', selected: '1' },
    ]);
    expect(text).toContain('p1;600;4;"산책로 그늘막; 1단계";1');
    expect(text).toContain('p2;300;3;"""작은"" 도서관";0');
  });

  it('number voters 1..n in the order of their votes, paper votes as rows of their own', () => {
    expect(file.voteColumns).toEqual(['voter_id', 'vote', 'voting_method']);
    expect(file.votes.map((v) => `${v.voter_id}:${v.vote}:${v.voting_method}`)).toEqual([
      '1:p1:internet',
      '2:p1,p2:internet',
      '3:p1,p2:internet',
      '4:p1,p2:internet',
      '5:p3:internet',
      '6:p3:internet',
      '7:p3:paper',
      '8:p3:paper',
    ]);
    // The order ballots arrive in changes nothing: it could tell who voted when.
    const shuffled = { ...election, ballots: [...election.ballots].reverse() };
    expect(writePabulib(input(shuffled))).toBe(text);
  });

  it("hold the checker's counts: PROJECTS.votes as counted from VOTES, num_votes as its rows", () => {
    const counted = new Map<string, number>();
    for (const v of file.votes) {
      for (const id of v.vote.split(',')) counted.set(id, (counted.get(id) ?? 0) + 1);
    }
    expect(file.projects.map((p) => [p.project_id, Number(p.votes)])).toEqual(
      file.projects.map((p) => [p.project_id, counted.get(p.project_id) ?? 0]),
    );
    expect(Number(file.meta.num_votes)).toBe(file.votes.length);
    expect(Number(file.meta.num_projects)).toBe(file.projects.length);
  });

  it('give back the election, and both rules give the same results from it', () => {
    // Its paper place had one vote per paper ballot, so the paper rows are its ballots.
    const row = (method: string) => file.votes.filter((v) => v.voting_method === method);
    const paper = new Map<string, number>();
    for (const v of row('paper')) paper.set(v.vote, (paper.get(v.vote) ?? 0) + 1);
    const parsed: Election = {
      amount: BigInt(file.meta.budget),
      projects: file.projects.map((p) => ({ id: p.project_id, cost: BigInt(p.cost) })),
      ballots: row('internet').map((v) => ({ projectIds: v.vote.split(','), voters: 1 })),
      paper: [
        {
          ballots: row('paper').length,
          votes: [...paper].map(([projectId, votes]) => ({ projectId, votes })),
        },
      ],
    };
    expect(equalShares(parsed)).toEqual(equalShares(election));
    expect(greedy(parsed)).toEqual(greedy(election));
    expect(file.projects.map((p) => p.selected)).toEqual(['1', '0', '1']);
  });

  it('mark projects of the greedy completion of Equal Shares with 2, and say so', () => {
    // Shares of ₩100 (three voters, one blank): a's supporter pays its ₩100; b's supporter
    // holds ₩100 of its ₩150, but ₩200 is left in the pot, so the completion takes it.
    const e: Election = {
      amount: 300n,
      projects: [
        { id: 'a', cost: 100n },
        { id: 'b', cost: 150n },
      ],
      ballots: [
        { projectIds: ['a'], voters: 1 },
        { projectIds: ['b'], voters: 1 },
        { projectIds: [], voters: 1 },
      ],
      paper: [],
    };
    const write = (completion: 'none' | 'greedy') =>
      parsePabulib(
        writePabulib({
          ...input(e),
          result: equalShares(e, { completion }),
          rule: 'equalshares',
          names: new Map(),
        }),
      );
    const completed = write('greedy');
    expect(completed.projects.map((p) => [p.project_id, p.selected])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(completed.meta).toMatchObject({ rule: 'equalshares', num_votes: '3' });
    expect(completed.meta.comment).toContain('selected 2: chosen by a greedy completion');
    const plain = write('none');
    expect(plain.projects.map((p) => p.selected)).toEqual(['1', '0']);
    expect(plain.meta.comment).not.toContain('selected 2');
    // The blank ballot is a voter with an empty vote.
    expect(plain.votes.map((v) => v.vote)).toEqual(['', 'a', 'b']);
  });

  it('parse what files in the wild look like: spaces after semicolons, CRLF, a BOM', () => {
    const wild =
      '\uFEFFMETA\r\nkey; value\r\ndescription; Municipal PB in Wieliczka\r\nbudget; 2500\r\n' +
      'PROJECTS\r\nproject_id; cost; category\r\n1; 600; "culture, education"\r\n' +
      'VOTES\r\nvoter_id; age; sex; vote\r\n1; 34; f; "1,2,4"\r\n\r\n';
    expect(parsePabulib(wild)).toEqual({
      meta: { description: 'Municipal PB in Wieliczka', budget: '2500' },
      projects: [{ project_id: '1', cost: '600', category: 'culture, education' }],
      votes: [{ voter_id: '1', age: '34', sex: 'f', vote: '1,2,4' }],
      projectColumns: ['project_id', 'cost', 'category'],
      voteColumns: ['voter_id', 'age', 'sex', 'vote'],
    });
  });

  it('refuse malformed files, naming the line', () => {
    expect(() => parsePabulib('key;value\n')).toThrow(/line 1 comes before any section/);
    expect(() => parsePabulib('META\nkey;value\na;"b\n')).toThrow(/line 3 opens a quote/);
    expect(() => parsePabulib('META\nkey;value\na;b;c\n')).toThrow(/line 3 has 3 fields/);
    expect(() => parsePabulib('META\nkey;value\na;"b"c\n')).toThrow(/text after a quote/);
  });

  it('refuse a project id a vote list could not hold', () => {
    const bad = { ...election, projects: [{ id: 'a,b', cost: 1n }], ballots: [], paper: [] };
    expect(() => writePabulib({ ...input(bad), result: greedy(bad) })).toThrow(RangeError);
  });
});
