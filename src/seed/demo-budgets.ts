import type { Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BallotsService } from '../budgets/ballots.service.js';
import { BudgetSelectionRule, BudgetVotingStyle, Feasibility } from '../budgets/budget-enums.js';
import { BudgetResultsService } from '../budgets/budget-results.service.js';
import { BudgetsService } from '../budgets/budgets.service.js';
import { cityYear } from '../budgets/eligibility.js';
import { OfflineTalliesService } from '../budgets/offline-tallies.service.js';
import { DistrictsService } from '../catalog/district.service.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { RequestLoaders } from '../core/loaders/request-loaders.js';
import { ResidencyService } from '../identity/residency.service.js';
import { UsersService } from '../identity/users.service.js';
import type { PollAnswerInput } from '../polls/dto/poll.inputs.js';
import { PollQuestionKind } from '../polls/poll.entity.js';
import { PollsService } from '../polls/polls.service.js';
import { DEMO_PASSWORD, onTheHourInDemoCity } from './demo-city.js';

/**
 * The demo city's votes (issue 18): Namwon's districts, who may vote, three participatory
 * budgets and two polls. Like the rest of the demo, everything goes through the services (so
 * every row obeys the rules), then is dated back into the demo's past: a budget is created with
 * dates to come (projects are fixed once voting starts), its projects added and reviewed, its
 * dates moved back, its ballots cast at instants inside its window, and its results published.
 *
 * - The closed round, `${year} 남원시 주민참여예산` (KNAPSACK, EQUAL_SHARES): a city-wide pot and
 *   three rural districts' pots, 12 projects (one made from the playground proposal, one not
 *   feasible, one with a revised cost), ballots of about 135 synthetic residents, a paper tally
 *   from 산내면 행정복지센터 (entered twice: the second replaced the first), results published.
 *   The town's two 동 vote as a majority bloc, the three 읍·면 as a minority: greedy would give
 *   the whole city-wide pot to the majority's two projects; Equal Shares gives the minority its
 *   share (DEMO_BUDGETS[0]).
 * - An earlier closed round of 운봉읍's small projects (APPROVAL, GREEDY), published.
 * - `${year + 1} 남원시 주민참여예산`, now VOTING (a visitor can cast a ballot).
 * - The design camp's pre-camp survey (closed, results public) and an open poll on the process.
 */

/** Namwon's 읍·면·동 of the demo (Namwon has 23). */
export const DEMO_DISTRICTS = [
  { slug: 'unbong', name: '운봉읍' },
  { slug: 'ingwol', name: '인월면' },
  { slug: 'sannae', name: '산내면' },
  { slug: 'dongchung', name: '동충동' },
  { slug: 'hyanggyo', name: '향교동' },
] as const;
type DistrictSlug = (typeof DEMO_DISTRICTS)[number]['slug'];

/** The downtown 동 vote as one bloc, the rural 읍·면 as another. */
const DOWNTOWN: readonly DistrictSlug[] = ['dongchung', 'hyanggyo'];
type Bloc = 'downtown' | 'rural';

const TRIAGE = 'triage@demo.wontak.kr';
const ADMIN = 'admin@demo.wontak.kr';

/**
 * Who may vote among the demo accounts. 김민지 (citizen@) had her ID checked at the 시민소통실
 * desk: she may vote, and voted in the closed round. 이준호 (citizen2@) gave his birth year but
 * never came to the desk: NOT_VERIFIED. 박하늘 (young@), a child of the design camp, was
 * verified with her family: TOO_YOUNG for a budget (minimum age 14), welcome in polls.
 */
export const DEMO_YOUNG_ACCOUNT = {
  email: 'young@demo.wontak.kr',
  displayName: '박하늘',
  /** Her year's age (연 나이) when the demo is seeded. */
  age: 12,
};
export const DEMO_RESIDENCIES: {
  email: string;
  district: DistrictSlug;
  /** Read off the ID at the desk; a function of the seed's year for the child. */
  birthYear: (year: number) => number;
}[] = [
  { email: 'citizen@demo.wontak.kr', district: 'hyanggyo', birthYear: () => 1988 },
  {
    email: DEMO_YOUNG_ACCOUNT.email,
    district: 'sannae',
    birthYear: (year) => year - DEMO_YOUNG_ACCOUNT.age,
  },
];
/** Gave a birth year, never verified. */
export const DEMO_UNVERIFIED = { email: 'citizen2@demo.wontak.kr', birthYear: 1985 };

/**
 * Synthetic residents who cast the demo's ballots ("주민 001" ...), verified by the 시민소통실
 * desk. They cannot log in (their password hash is no hash), so they are inserted directly:
 * argon2 for each would make the seed take minutes.
 */
export const DEMO_RESIDENTS = {
  count: 150,
  /** How many live in each district. */
  perDistrict: [
    ['dongchung', 45],
    ['hyanggyo', 45],
    ['unbong', 20],
    ['ingwol', 20],
    ['sannae', 20],
  ] as [DistrictSlug, number][],
  email: (n: number) => `resident${String(n).padStart(3, '0')}@demo.wontak.kr`,
  displayName: (n: number) => `주민 ${String(n).padStart(3, '0')}`,
  /** A hash argon2 can never verify: these accounts have no password. */
  passwordHash: '!demo-resident-no-login',
};

/** How likely a voter supports a project: per bloc (city-wide pot) or its district's residents. */
type Support = { downtown: number; rural: number } | number;

export interface DemoProject {
  key: string;
  /** Omitted: the proposal's. */
  title?: string;
  description?: string;
  cost: number;
  department: string;
  /** Null: the city-wide pot. */
  district: DistrictSlug | null;
  /** Made from the demo proposal of this title. */
  proposal?: string;
  review: { feasibility: Feasibility; reason?: string; revisedCost?: number };
  support: Support;
}

export interface DemoBudget {
  key: 'main' | 'village' | 'next';
  title: (year: number) => string;
  votingStyle: BudgetVotingStyle;
  selectionRule: BudgetSelectionRule;
  maxChoices?: number;
  pots: { district: DistrictSlug | null; amount: number }[];
  /** Days from the seed's day in the demo city; negative: past. */
  days: { review: number; votingStarts: number; votingEnds: number; published?: number };
  /** Share of the residents (eligible ones) who voted. */
  turnout: number;
  /** Residents who voted twice (the first ballot replaced): every n-th voter. */
  changedEvery?: number;
  /** Demo accounts' ballots, by project key. */
  demoBallots?: { email: string; projects: string[] }[];
  paper?: {
    place: string;
    /** Earlier entries for the place, replaced by the last. */
    entries: { paperBallots: number; votes: Record<string, number> }[];
  };
  projects: DemoProject[];
}

const PLAYGROUND_SHADE = '생태놀이터에 그늘막과 벤치를 만들어 주세요';
const RUBBER_FLOOR = '놀이터 바닥을 고무칩으로 바꿔 주세요';

export const DEMO_BUDGETS: DemoBudget[] = [
  {
    key: 'main',
    title: (year) => `${year} 남원시 주민참여예산`,
    votingStyle: BudgetVotingStyle.KNAPSACK,
    selectionRule: BudgetSelectionRule.EQUAL_SHARES,
    pots: [
      { district: null, amount: 600_000_000 },
      { district: 'unbong', amount: 100_000_000 },
      { district: 'ingwol', amount: 100_000_000 },
      { district: 'sannae', amount: 100_000_000 },
    ],
    // Review opens the day after the playground proposal (40 days ago) that one project is made of.
    days: { review: -39, votingStarts: -33, votingEnds: -21, published: -18 },
    turnout: 0.88,
    changedEvery: 25,
    demoBallots: [{ email: 'citizen@demo.wontak.kr', projects: ['bus', 'shade'] }],
    paper: {
      place: '산내면 행정복지센터',
      entries: [
        { paperBallots: 13, votes: { taxi: 11, bath: 10, shade: 3, trail: 8, massage: 9 } },
        // Recounted the next morning: one ballot had been left in the box.
        { paperBallots: 14, votes: { taxi: 12, bath: 10, shade: 3, trail: 8, massage: 9 } },
      ],
    },
    projects: [
      {
        key: 'bus',
        title: '시내 순환버스 저상 전기버스 도입',
        description:
          '남원역, 시청, 공설시장, 광한루원을 잇는 순환버스 노선에 휠체어와 유모차가 오르기 쉬운 저상 전기버스 2대를 들입니다.',
        cost: 280_000_000,
        department: 'transportation',
        district: null,
        review: {
          feasibility: Feasibility.FEASIBLE,
          reason: '전기버스 보조금 단가가 바뀌어 사업비를 다시 산정했습니다.',
          revisedCost: 300_000_000,
        },
        support: { downtown: 0.9, rural: 0.1 },
      },
      {
        key: 'lights',
        title: '도심 근린공원 야간 조명과 안심 비상벨',
        description:
          '동충동과 향교동 근린공원 네 곳에 LED 보행등과 안심 비상벨을 달아 밤에도 안심하고 다닐 수 있게 합니다.',
        cost: 250_000_000,
        department: 'parks-and-green',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.85, rural: 0.05 },
      },
      {
        key: 'shade',
        title: '생태놀이터 그늘 숲 가꾸기',
        description:
          '그늘막에 이어, 놀이터 둘레에 그늘을 드리울 느티나무와 팽나무 30그루를 심습니다. 디자인 캠프 아이들이 고른 자리에 심습니다.',
        cost: 40_000_000,
        department: 'parks-and-green',
        district: null,
        proposal: PLAYGROUND_SHADE,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.35, rural: 0.3 },
      },
      {
        key: 'taxi',
        title: '면 지역 행복콜택시 운행 확대',
        description:
          '버스가 하루 몇 번뿐인 면 지역 열두 마을에서 어르신이 1,000원에 읍내와 병원을 오갈 수 있는 행복콜택시를 늘립니다.',
        cost: 180_000_000,
        department: 'transportation',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.05, rural: 0.9 },
      },
      {
        key: 'bath',
        title: '농촌 어르신 이동 목욕·빨래 차량',
        description:
          '목욕탕과 빨래방이 먼 마을을 한 주에 한 번씩 찾아가는 이동 목욕·빨래 차량을 운영합니다.',
        cost: 90_000_000,
        department: 'welfare',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.05, rural: 0.75 },
      },
      {
        key: 'bridge',
        title: '요천 출렁다리 설치',
        description: '요천을 가로지르는 보행 출렁다리를 놓아 광한루원과 춘향테마파크를 잇습니다.',
        cost: 550_000_000,
        department: 'parks-and-green',
        district: null,
        review: {
          feasibility: Feasibility.NOT_FEASIBLE,
          reason:
            '하천 점용 허가와 구조 안전 진단에만 2년 가까이 걸려 한 해 예산으로 할 수 없습니다. 장기 과제로 기획실에 넘깁니다.',
        },
        support: { downtown: 0, rural: 0 },
      },
      {
        key: 'solar',
        title: '운봉읍 마을회관 태양광 지붕',
        description:
          '운봉읍 마을회관 세 곳 지붕에 태양광 패널을 얹어 어르신 쉼터의 냉난방비를 줄입니다.',
        cost: 60_000_000,
        department: 'planning',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.7,
      },
      {
        key: 'toilet',
        title: '바래봉 등산로 입구 공중화장실',
        description: '철쭉철마다 붐비는 바래봉 등산로 입구에 공중화장실을 짓습니다.',
        cost: 50_000_000,
        department: 'parks-and-green',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.5,
      },
      {
        key: 'awning',
        title: '인월 전통시장 주차장 차양',
        description: '장날 뙤약볕에 달궈지는 인월 전통시장 주차장에 차양을 설치합니다.',
        cost: 70_000_000,
        department: 'transportation',
        district: 'ingwol',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.7,
      },
      {
        key: 'shelter',
        title: '인월 장터 어르신 쉼터 냉난방기',
        description: '장터 어르신 쉼터의 낡은 냉난방기를 바꿉니다.',
        cost: 25_000_000,
        department: 'welfare',
        district: 'ingwol',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.5,
      },
      {
        key: 'trail',
        title: '지리산 둘레길 산내 구간 안내판 정비',
        description: '빛바랜 둘레길 안내판 24개를 한국어·영어 안내판으로 바꿉니다.',
        cost: 40_000_000,
        department: 'parks-and-green',
        district: 'sannae',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.6,
      },
      {
        key: 'massage',
        title: '산내면 경로당 건강 안마의자',
        description: '산내면 경로당 여섯 곳에 안마의자를 놓습니다.',
        cost: 30_000_000,
        department: 'welfare',
        district: 'sannae',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.6,
      },
    ],
  },
  {
    key: 'village',
    title: (year) => `${year} 운봉읍 마을 소규모 사업`,
    votingStyle: BudgetVotingStyle.APPROVAL,
    maxChoices: 2,
    selectionRule: BudgetSelectionRule.GREEDY,
    pots: [{ district: 'unbong', amount: 30_000_000 }],
    // After the demo accounts joined (60 days ago), before the city-wide round.
    days: { review: -58, votingStarts: -52, votingEnds: -46, published: -44 },
    turnout: 0.9,
    projects: [
      {
        key: 'mirrors',
        title: '마을 안길 교통 반사경 10곳',
        description: '굽은 마을 안길 열 곳에 교통 반사경을 세웁니다.',
        cost: 8_000_000,
        department: 'transportation',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.7,
      },
      {
        key: 'gym',
        title: '경로당 실내 운동기구',
        description: '운봉읍 경로당 네 곳에 실내 자전거와 걷기 운동기구를 놓습니다.',
        cost: 12_000_000,
        department: 'welfare',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.6,
      },
      {
        key: 'benches',
        title: '버스 승강장 온열 의자',
        description: '운봉읍 버스 승강장 여섯 곳에 겨울에 따뜻한 온열 의자를 놓습니다.',
        cost: 15_000_000,
        department: 'transportation',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.5,
      },
      {
        key: 'books',
        title: '마을 도서 공유함',
        description: '마을회관 앞에 누구나 책을 넣고 빌려 가는 도서 공유함을 둡니다.',
        cost: 4_000_000,
        department: 'citizen-communication',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.3,
      },
    ],
  },
  {
    key: 'next',
    title: (year) => `${year + 1} 남원시 주민참여예산`,
    votingStyle: BudgetVotingStyle.KNAPSACK,
    selectionRule: BudgetSelectionRule.EQUAL_SHARES,
    pots: [
      { district: null, amount: 600_000_000 },
      { district: 'unbong', amount: 100_000_000 },
      { district: 'sannae', amount: 100_000_000 },
    ],
    days: { review: -12, votingStarts: -3, votingEnds: 11 },
    // So far: the round is open, the demo accounts have not voted in it yet.
    turnout: 0.4,
    projects: [
      {
        key: 'stream',
        title: '생태놀이터 실개천 물놀이터',
        description:
          '디자인 캠프 아이들이 가장 하고 싶다고 한 물놀이: 놀이터 옆에 얕은 실개천과 손 펌프를 만듭니다.',
        cost: 120_000_000,
        department: 'parks-and-green',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.5, rural: 0.3 },
      },
      {
        key: 'rubber',
        cost: 60_000_000,
        department: 'parks-and-green',
        district: null,
        proposal: RUBBER_FLOOR,
        review: {
          feasibility: Feasibility.NOT_FEASIBLE,
          reason:
            '생태놀이터는 아이들과 함께 흙과 모래 같은 자연 소재를 쓰기로 정했습니다. 고무칩은 여름에 뜨거워지고 닳으면 미세플라스틱이 나옵니다. 대신 배수로 공사를 공원녹지과 예산으로 합니다.',
        },
        support: { downtown: 0, rural: 0 },
      },
      {
        key: 'board',
        title: '남원역 앞 정류장 버스 도착 안내판',
        description:
          '남원역 앞 시내버스 정류장에 다음 버스가 언제 오는지 알려 주는 안내판을 답니다.',
        cost: 35_000_000,
        department: 'transportation',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.6, rural: 0.4 },
      },
      {
        key: 'care',
        title: '혼자 사는 어르신 안부 확인 기기',
        description:
          '혼자 사는 어르신 댁 300곳에 움직임이 없으면 복지과와 가족에게 알리는 안부 확인 기기를 놓습니다.',
        cost: 150_000_000,
        department: 'welfare',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.3, rural: 0.6 },
      },
      {
        key: 'market',
        title: '시청 앞 광장 주말 나눔장터 천막',
        description: '주말마다 주민이 쓰던 물건을 나누는 장터를 열 수 있게 천막과 탁자를 갖춥니다.',
        cost: 40_000_000,
        department: 'citizen-communication',
        district: null,
        review: { feasibility: Feasibility.FEASIBLE },
        support: { downtown: 0.4, rural: 0.2 },
      },
      {
        key: 'farmers',
        title: '운봉 농산물 직거래 장터 천막',
        description:
          '운봉읍 농가가 주말에 직접 농산물을 파는 장터에 천막과 냉장 진열대를 갖춥니다.',
        cost: 30_000_000,
        department: 'planning',
        district: 'unbong',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.6,
      },
      {
        key: 'library',
        title: '산내 작은 도서관 냉난방기 교체',
        description: '산내 작은 도서관의 낡은 냉난방기를 바꿔 여름과 겨울에도 문을 엽니다.',
        cost: 45_000_000,
        department: 'welfare',
        district: 'sannae',
        review: { feasibility: Feasibility.FEASIBLE },
        support: 0.6,
      },
    ],
  },
];

/** The design camp's survey before the camp (closed, results public) and the process's poll. */
export const DEMO_POLLS = {
  camp: {
    workshopTitle: '생태놀이터 어린이 디자인 캠프',
    organizer: 'parks@demo.wontak.kr',
    title: '디자인 캠프 사전 설문: 어떤 놀이터를 만들까요?',
    days: { opens: -16, closes: -2 },
    respondents: 48,
    questions: [
      {
        kind: PollQuestionKind.SINGLE_CHOICE,
        prompt: '아이들이 가장 하고 싶어 하는 놀이는 무엇인가요?',
        options: ['흙 놀이', '물 놀이', '나무 오르기', '모래 놀이'],
        weights: [2, 5, 3, 1],
      },
      {
        kind: PollQuestionKind.MULTIPLE_CHOICE,
        prompt: '놀이터에 꼭 있었으면 하는 것을 두 가지까지 골라 주세요.',
        maxChoices: 2,
        options: ['그늘', '마시는 물', '화장실', '보호자 벤치', '자전거 보관대'],
        weights: [6, 3, 4, 3, 1],
      },
      {
        kind: PollQuestionKind.FREE_TEXT,
        prompt: '캠프에서 아이들과 함께 만들어 보고 싶은 것을 적어 주세요.',
        answers: [
          '나뭇가지로 오두막을 지어 보고 싶어요.',
          '물길을 파서 나뭇잎 배를 띄우고 싶습니다.',
          '곤충 호텔을 만들어 놀이터에 걸어 두면 좋겠어요.',
          '아이들이 직접 심은 나무에 이름표를 달아 주세요.',
          '흙으로 작은 언덕을 만들어 굴러 내려오는 놀이요.',
          '비 오는 날에도 놀 수 있는 지붕 있는 모래판이요.',
          '할머니 할아버지도 함께 앉을 수 있는 긴 나무 의자요.',
        ],
      },
    ],
  },
  process: {
    organizer: TRIAGE,
    title: '주민참여예산 투표, 해 보니 어떠세요?',
    /** Opens with the current budget's voting and closes with it. */
    respondents: 20,
    questions: [
      {
        kind: PollQuestionKind.SINGLE_CHOICE,
        prompt: '투표 방법을 이해하기 쉬웠나요?',
        options: ['쉬웠어요', '보통이에요', '어려웠어요'],
        weights: [5, 3, 1],
      },
      {
        kind: PollQuestionKind.FREE_TEXT,
        prompt: '더 나아졌으면 하는 점을 알려 주세요.',
        answers: [
          '사업마다 위치를 지도로 보여 주면 좋겠습니다.',
          '면사무소에서도 종이로 투표할 수 있어 좋았어요.',
          '예산 안에서 고르는 방식이 처음엔 헷갈렸어요.',
        ],
      },
    ],
  },
};

/**
 * A small deterministic generator (mulberry32): the demo's ballots are the same on every
 * seed, so its results (and the tests that check them) are too.
 */
export function demoRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A synthetic resident: number, district, bloc, and their year's age at the seed. */
export interface DemoResident {
  n: number;
  district: DistrictSlug;
  bloc: Bloc;
  age: number;
}

export function demoResidents(): DemoResident[] {
  const random = demoRandom(18);
  const residents: DemoResident[] = [];
  for (const [district, count] of DEMO_RESIDENTS.perDistrict) {
    for (let i = 0; i < count; i++) {
      residents.push({
        n: residents.length + 1,
        district,
        bloc: DOWNTOWN.includes(district) ? 'downtown' : 'rural',
        age: 19 + Math.floor(random() * 62),
      });
    }
  }
  return residents;
}

/**
 * The ballots of the synthetic residents in `budget`, by project key, in casting order: each
 * voter supports projects with their bloc's (or district's) probability, most likely first,
 * and keeps what the ballot allows (within each pot's amount for KNAPSACK, at most maxChoices
 * per pot for APPROVAL). Residents of a district with no pot in a budget without a city-wide
 * pot do not vote; nor do those the turnout leaves out.
 */
export function demoBallots(
  budget: DemoBudget,
  residents: readonly DemoResident[],
): { resident: DemoResident; projects: string[] }[] {
  const random = demoRandom(budget.key.length * 7919 + budget.projects.length);
  const hasCityPot = budget.pots.some((pot) => pot.district === null);
  const ballots: { resident: DemoResident; projects: string[] }[] = [];
  for (const resident of residents) {
    const districtPot = budget.pots.some((pot) => pot.district === resident.district);
    const turnout = random();
    if (!hasCityPot && !districtPot) continue;
    if (turnout >= budget.turnout) continue;
    const wanted = budget.projects
      .filter((p) => p.review.feasibility === Feasibility.FEASIBLE)
      .filter((p) => p.district === null || p.district === resident.district)
      .map((p) => ({ p, chance: supportOf(p.support, resident.bloc), draw: random() }))
      .filter(({ chance, draw }) => draw < chance)
      .sort((a, b) => b.chance - a.chance);
    const spent = new Map<string | null, { money: number; count: number }>();
    const chosen: string[] = [];
    for (const { p } of wanted) {
      const pot = budget.pots.find((candidate) => candidate.district === p.district)!;
      const used = spent.get(p.district) ?? { money: 0, count: 0 };
      const cost = p.review.revisedCost ?? p.cost;
      const fits =
        budget.votingStyle === BudgetVotingStyle.KNAPSACK
          ? used.money + cost <= pot.amount
          : used.count < budget.maxChoices!;
      if (!fits) continue;
      spent.set(p.district, { money: used.money + cost, count: used.count + 1 });
      chosen.push(p.key);
    }
    if (chosen.length) ballots.push({ resident, projects: chosen });
  }
  return ballots;
}

function supportOf(support: Support, bloc: Bloc): number {
  return typeof support === 'number' ? support : support[bloc];
}

/** What seeding the votes needs from the seeder. */
export interface DemoVotesContext {
  db: DataSource;
  /** A provider of the app, whichever module declares it. */
  resolve: <T>(type: Type<T>) => T;
  accounts: Map<string, Viewer>;
  departmentIds: Map<string, string>;
  processId: string;
  /** Demo proposals' ids by title. */
  proposalIds: Map<string, string>;
  now: Date;
}

const DAY_MS = 86_400_000;

/**
 * Seeds the districts, residencies, budgets and polls of the demo city (see the top of this
 * file). Returns the budgets' ids by key, for the log.
 */
export async function seedDemoVotes(ctx: DemoVotesContext): Promise<Map<string, string>> {
  const { db, resolve, accounts, now } = ctx;
  const year = cityYear(now);
  const who = (email: string) => accounts.get(email)!;
  const districts = resolve(DistrictsService);
  const districtIds = new Map<string, string>();
  for (const district of DEMO_DISTRICTS) {
    districtIds.set(district.slug, (await districts.create(district)).id);
  }

  // The child of the design camp, a demo account like the others.
  const young = await resolve(UsersService).create({
    email: DEMO_YOUNG_ACCOUNT.email,
    displayName: DEMO_YOUNG_ACCOUNT.displayName,
    password: DEMO_PASSWORD,
    role: Role.CITIZEN,
  });
  await db.query(
    `UPDATE app_user SET created_at = (SELECT min(created_at) FROM app_user),
            email_verified_at = (SELECT min(created_at) FROM app_user) WHERE id = $1`,
    [young.id],
  );
  accounts.set(young.email, {
    id: young.id,
    role: young.role,
    departmentId: null,
    suspendedUntil: null,
    locale: null,
    sessionId: 'demo-seed',
  });

  const residency = resolve(ResidencyService);
  await residency.setBirthYear(who(DEMO_UNVERIFIED.email), DEMO_UNVERIFIED.birthYear);
  // Verified at the desk before the closed round opened, so they could vote in it.
  const verifiedAt = onTheHourInDemoCity(now, -55, 11);
  for (const resident of DEMO_RESIDENCIES) {
    await residency.verifyResidency(who(TRIAGE), {
      userId: who(resident.email).id,
      districtId: districtIds.get(resident.district)!,
      birthYear: resident.birthYear(year),
    });
  }
  await db.query(`UPDATE app_user SET residency_verified_at = $1 WHERE email = ANY($2)`, [
    verifiedAt,
    DEMO_RESIDENCIES.map((r) => r.email),
  ]);

  const residents = demoResidents();
  const residentIds = await insertResidents(db, residents, districtIds, who(TRIAGE).id, now, year);

  const budgetIds = new Map<string, string>();
  for (const budget of DEMO_BUDGETS) {
    budgetIds.set(
      budget.key,
      await seedBudget(ctx, budget, year, districtIds, residents, residentIds),
    );
  }
  await seedPolls(ctx, residents, residentIds);
  return budgetIds;
}

/**
 * The synthetic residents in one statement: no password (the hash is no hash), members for a
 * year, residency verified by the desk before any demo vote.
 */
async function insertResidents(
  db: DataSource,
  residents: readonly DemoResident[],
  districtIds: Map<string, string>,
  verifierId: string,
  now: Date,
  year: number,
): Promise<string[]> {
  const rows = (await db.query(
    `INSERT INTO app_user (email, password_hash, display_name, role, birth_year, birth_year_verified,
                           residency_district_id, residency_verified_at, residency_verified_by_id,
                           created_at)
     SELECT r.email, $4, r.display_name, 'CITIZEN', r.birth_year, true, r.district_id, $5, $6, $7
       FROM unnest($1::text[], $2::text[], $3::int[], $8::uuid[])
            WITH ORDINALITY AS r(email, display_name, birth_year, district_id, n)
      ORDER BY r.n
     RETURNING id, email`,
    [
      residents.map((r) => DEMO_RESIDENTS.email(r.n)),
      residents.map((r) => DEMO_RESIDENTS.displayName(r.n)),
      residents.map((r) => year - r.age),
      DEMO_RESIDENTS.passwordHash,
      onTheHourInDemoCity(now, -100, 10),
      verifierId,
      new Date(now.getTime() - 365 * DAY_MS),
      residents.map((r) => districtIds.get(r.district)!),
    ],
  )) as { id: string; email: string }[];
  const byEmail = new Map(rows.map((row) => [row.email, row.id]));
  return residents.map((r) => byEmail.get(DEMO_RESIDENTS.email(r.n))!);
}

/** A citizen as the services see one: the synthetic residents never log in. */
function residentViewer(id: string): Viewer {
  return {
    id,
    role: Role.CITIZEN,
    departmentId: null,
    suspendedUntil: null,
    locale: null,
    sessionId: 'demo-seed',
  };
}

/** The demo account of each department's staff, by department slug. */
function staffOf(accounts: Map<string, Viewer>, departmentIds: Map<string, string>) {
  return (slug: string): Viewer => {
    const id = departmentIds.get(slug)!;
    return [...accounts.values()].find((v) => v.role === Role.STAFF && v.departmentId === id)!;
  };
}

/**
 * One budget: created with dates to come, its projects added and reviewed by their
 * departments, dated back, its ballots cast inside its window, its paper tally entered and its
 * results published (when its days say so), each dated when it happened.
 */
async function seedBudget(
  ctx: DemoVotesContext,
  demo: DemoBudget,
  year: number,
  districtIds: Map<string, string>,
  residents: readonly DemoResident[],
  residentIds: readonly string[],
): Promise<string> {
  const { db, resolve, accounts, now } = ctx;
  const budgets = resolve(BudgetsService);
  const admin = accounts.get(ADMIN)!;
  const staff = staffOf(accounts, ctx.departmentIds);
  const day = (days: number, hour: number) => onTheHourInDemoCity(now, days, hour);
  const reviewStartsAt = day(demo.days.review, 9);
  const votingStartsAt = day(demo.days.votingStarts, 9);
  const votingEndsAt = day(demo.days.votingEnds, 18);

  // Projects are fixed once voting starts: the budget is made with its voting still to come.
  const later = new Date(now.getTime() + 30 * DAY_MS);
  const budget = await budgets.create(admin, {
    processId: ctx.processId,
    title: demo.title(year),
    votingStyle: demo.votingStyle,
    selectionRule: demo.selectionRule,
    maxChoices: demo.maxChoices ?? null,
    pots: demo.pots.map((pot) => ({
      districtId: pot.district ? districtIds.get(pot.district)! : null,
      amount: pot.amount,
    })),
    reviewStartsAt: later,
    votingStartsAt: later,
    votingEndsAt: new Date(later.getTime() + DAY_MS),
  });
  const projectIds = new Map<string, string>();
  for (const [i, project] of demo.projects.entries()) {
    const by = staff(project.department);
    const created = await budgets.createProject(by, {
      budgetId: budget.id,
      title: project.title ?? null,
      description: project.description ?? null,
      cost: project.cost,
      districtId: project.district ? districtIds.get(project.district)! : null,
      proposalId: project.proposal ? ctx.proposalIds.get(project.proposal)! : null,
    });
    projectIds.set(project.key, created.id);
    await budgets.review(by, {
      projectId: created.id,
      feasibility: project.review.feasibility,
      reason: project.review.reason ?? null,
      revisedCost: project.review.revisedCost ?? null,
    });
    // Added over the review's first four days, in ballot order; reviewed the day after, so
    // all before voting starts (DemoBudget.days leave at least five days).
    const addedAt = new Date(reviewStartsAt.getTime() + (i % 4) * DAY_MS + i * 60_000);
    await db.query(`UPDATE budget_project SET created_at = $2, updated_at = $3 WHERE id = $1`, [
      created.id,
      addedAt,
      new Date(addedAt.getTime() + DAY_MS),
    ]);
    await db.query(
      `UPDATE budget_project_change SET at = CASE kind WHEN 'CREATED' THEN $2::timestamptz ELSE $3::timestamptz END
        WHERE project_id = $1`,
      [created.id, addedAt, new Date(addedAt.getTime() + DAY_MS)],
    );
  }
  await db.query(
    `UPDATE participatory_budget
        SET created_at = $2, review_starts_at = $2, voting_starts_at = $3, voting_ends_at = $4
      WHERE id = $1`,
    [budget.id, reviewStartsAt, votingStartsAt, votingEndsAt],
  );

  // Ballots at instants spread over the window (up to now for a round still open).
  const ballots = resolve(BallotsService);
  const cast = demoBallots(demo, residents);
  const windowEnd = Math.min(votingEndsAt.getTime(), now.getTime() - 3_600_000);
  const span = windowEnd - votingStartsAt.getTime();
  const castAt = (i: number, of: number) =>
    new Date(votingStartsAt.getTime() + Math.floor(((i + 0.5) / of) * span));
  const ids = (keys: string[]) => keys.map((key) => projectIds.get(key)!);
  for (const [i, { resident, projects }] of cast.entries()) {
    const voter = residentViewer(residentIds[resident.n - 1]);
    const at = castAt(i, cast.length);
    if (demo.changedEvery && i % demo.changedEvery === 0 && projects.length > 1) {
      // Voted first for less, then changed their ballot: the last one counts.
      await ballots.cast(voter, { budgetId: budget.id, projectIds: ids(projects.slice(1)) }, at);
      await ballots.cast(
        voter,
        { budgetId: budget.id, projectIds: ids(projects) },
        new Date(at.getTime() + 600_000),
      );
    } else {
      await ballots.cast(voter, { budgetId: budget.id, projectIds: ids(projects) }, at);
    }
  }
  for (const [i, ballot] of (demo.demoBallots ?? []).entries()) {
    await ballots.cast(
      accounts.get(ballot.email)!,
      { budgetId: budget.id, projectIds: ids(ballot.projects) },
      new Date(votingStartsAt.getTime() + (i + 1) * 3 * 3_600_000),
    );
  }

  if (demo.paper) {
    const tallies = resolve(OfflineTalliesService);
    const desk = staff('citizen-communication');
    for (const [i, entry] of demo.paper.entries.entries()) {
      const tally = await tallies.enter(desk, {
        budgetId: budget.id,
        place: demo.paper.place,
        paperBallots: entry.paperBallots,
        votes: Object.entries(entry.votes).map(([key, votes]) => ({
          projectId: projectIds.get(key)!,
          votes,
        })),
      });
      await db.query(`UPDATE offline_tally SET entered_at = $2 WHERE id = $1`, [
        tally.id,
        new Date(votingEndsAt.getTime() + (15 + i * 16) * 3_600_000),
      ]);
    }
  }

  if (demo.days.published !== undefined) {
    await publishInThePast(ctx, budget.id, admin, day(demo.days.published, 10));
  }
  return budget.id;
}

/** Tables whose rows a publication writes through the carry-on of its winners. */
const CARRY_ON_TABLES = [
  'proposal',
  'proposal_event',
  'department_transfer',
  'official_answer',
  'notification',
] as const;

/**
 * Publishes a budget's results (BudgetResultsService: stored results, project records, the
 * carry-on of winners as proposals), then dates what it wrote at `at`: the demo's past. The
 * rows are told apart by id (those that were not there before), not by time: the seed's other
 * rows are dated on the app's clock, which need not agree with the database's.
 */
async function publishInThePast(
  ctx: DemoVotesContext,
  budgetId: string,
  admin: Viewer,
  at: Date,
): Promise<void> {
  const { db, resolve } = ctx;
  const before = new Map<string, string[]>();
  for (const table of CARRY_ON_TABLES) {
    const [{ ids }] = (await db.query(
      `SELECT coalesce(array_agg(id::text), '{}') AS ids FROM ${table}`,
    )) as [{ ids: string[] }];
    before.set(table, ids);
  }
  await resolve(BudgetResultsService).publish(admin, budgetId);
  const dueAt = new Date(at.getTime() + resolve(Environment).RESPONSE_DUE_DAYS * DAY_MS);
  const newRows = (table: string) => `${table}.id::text <> ALL($2::text[])`;
  await db.query(`UPDATE participatory_budget SET results_published_at = $2 WHERE id = $1`, [
    budgetId,
    at,
  ]);
  await db.query(
    `UPDATE budget_project_change SET at = $2
      WHERE kind IN ('SELECTED', 'NOT_SELECTED')
        AND project_id IN (SELECT id FROM budget_project WHERE budget_id = $1)`,
    [budgetId, at],
  );
  await db.query(`UPDATE proposal SET created_at = $1 WHERE ${newRows('proposal')}`, [
    at,
    before.get('proposal'),
  ]);
  await db.query(`UPDATE proposal_event SET at = $1 WHERE ${newRows('proposal_event')}`, [
    at,
    before.get('proposal_event'),
  ]);
  await db.query(
    `UPDATE department_transfer SET created_at = $1, response_due_at = $3
      WHERE ${newRows('department_transfer')}`,
    [at, before.get('department_transfer'), dueAt],
  );
  // The deadline the carry-on's routing set, from the publication's day.
  await db.query(
    `UPDATE proposal SET response_due_at = $3 WHERE id IN (
       SELECT proposal_id FROM department_transfer WHERE ${newRows('department_transfer')})
       AND created_at = $1`,
    [at, before.get('department_transfer'), dueAt],
  );
  await db.query(`UPDATE official_answer SET created_at = $1 WHERE ${newRows('official_answer')}`, [
    at,
    before.get('official_answer'),
  ]);
  await db.query(`UPDATE notification SET created_at = $1 WHERE ${newRows('notification')}`, [
    at,
    before.get('notification'),
  ]);
}

/** The camp's survey, closed with its responses, and the open poll on the process. */
async function seedPolls(
  ctx: DemoVotesContext,
  residents: readonly DemoResident[],
  residentIds: readonly string[],
): Promise<void> {
  const { db, resolve, accounts, now } = ctx;
  const polls = resolve(PollsService);
  const loaders = new RequestLoaders();
  const random = demoRandom(2);
  const day = (days: number, hour: number) => onTheHourInDemoCity(now, days, hour);
  const [{ id: workshopId }] = (await db.query(`SELECT id FROM workshop WHERE title = $1`, [
    DEMO_POLLS.camp.workshopTitle,
  ])) as [{ id: string }];
  const [next] = DEMO_BUDGETS.filter((b) => b.key === 'next');

  const plans = [
    {
      demo: DEMO_POLLS.camp,
      owner: { workshopId },
      opensAt: day(DEMO_POLLS.camp.days.opens, 9),
      closesAt: day(DEMO_POLLS.camp.days.closes, 18),
      liveResults: false,
      // Families of the camp: the child and 김민지 among them.
      respondents: [
        accounts.get(DEMO_YOUNG_ACCOUNT.email)!,
        accounts.get('citizen@demo.wontak.kr')!,
        ...residentIds.slice(0, DEMO_POLLS.camp.respondents).map(residentViewer),
      ],
    },
    {
      demo: DEMO_POLLS.process,
      owner: { processId: ctx.processId },
      opensAt: day(next.days.votingStarts, 9),
      closesAt: day(next.days.votingEnds, 18),
      liveResults: true,
      respondents: residentIds
        .slice(residents.length - DEMO_POLLS.process.respondents)
        .map(residentViewer),
    },
  ];
  for (const plan of plans) {
    const poll = await polls.create(
      accounts.get(plan.demo.organizer)!,
      {
        title: plan.demo.title,
        ...plan.owner,
        opensAt: plan.opensAt,
        closesAt: plan.closesAt,
        liveResults: plan.liveResults,
        questions: plan.demo.questions.map((q) => ({
          kind: q.kind,
          prompt: q.prompt,
          maxChoices: 'maxChoices' in q ? q.maxChoices : null,
          options: 'options' in q ? q.options : null,
        })),
      },
      plan.opensAt,
    );
    const questions = (await db.query(
      `SELECT q.id, q.position,
              coalesce(array_agg(o.id::text ORDER BY o.position) FILTER (WHERE o.id IS NOT NULL),
                       '{}') AS options
         FROM poll_question q LEFT JOIN poll_option o ON o.question_id = q.id
        WHERE q.poll_id = $1 GROUP BY q.id ORDER BY q.position`,
      [poll.id],
    )) as { id: string; position: number; options: string[] }[];
    const last = Math.min(plan.closesAt.getTime(), now.getTime()) - 3_600_000;
    for (const [i, respondent] of plan.respondents.entries()) {
      const at = new Date(
        plan.opensAt.getTime() +
          Math.floor(((i + 0.5) / plan.respondents.length) * (last - plan.opensAt.getTime())),
      );
      const answers = plan.demo.questions.flatMap((q, position): PollAnswerInput[] => {
        const question = questions[position];
        if (q.kind === PollQuestionKind.FREE_TEXT) {
          // Some write a few words; most leave it.
          if (i % 4 !== 1) return [];
          const texts = (q as { answers: string[] }).answers;
          return [{ questionId: question.id, text: texts[Math.floor(i / 4) % texts.length] }];
        }
        const { weights } = q as { weights: number[] };
        const picks = q.kind === PollQuestionKind.SINGLE_CHOICE ? 1 : 1 + (i % 2);
        return [
          {
            questionId: question.id,
            optionIds: weighted(random, weights, picks).map((k) => question.options[k]),
          },
        ];
      });
      await polls.respond(loaders, respondent, { pollId: poll.id, answers }, at);
    }
    // Written as they came in, not when the seeder ran.
    await db.query(`UPDATE poll SET created_at = $2 WHERE id = $1`, [
      poll.id,
      new Date(plan.opensAt.getTime() - DAY_MS),
    ]);
    await db.query(
      `UPDATE poll_answer_text t SET created_at = r.updated_at
         FROM poll_response r WHERE r.id = t.response_id AND r.poll_id = $1`,
      [poll.id],
    );
  }
}

/** `picks` distinct indexes drawn with the weights. */
function weighted(random: () => number, weights: readonly number[], picks: number): number[] {
  const left = weights.map((w, i) => ({ w, i }));
  const chosen: number[] = [];
  while (chosen.length < picks && left.length) {
    let draw = random() * left.reduce((sum, { w }) => sum + w, 0);
    const index = left.findIndex(({ w }) => (draw -= w) < 0);
    const [{ i }] = left.splice(index === -1 ? left.length - 1 : index, 1);
    chosen.push(i);
  }
  return chosen.sort((a, b) => a - b);
}
