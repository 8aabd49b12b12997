import { Locale } from '../core/i18n/locale.js';
import { Role } from '../core/access/role.js';
import { EscalationAction } from '../escalation/escalation-action.js';

/**
 * The demo city: Namwon-like departments, topics, the ecological-playground process with the
 * five service-design phases, and one account per role. Later domains add their own part.
 * Every demo account shares DEMO_PASSWORD; they are listed in the README.
 */
export const DEMO_PASSWORD = 'wontak-demo-2026';

export const DEMO_DEPARTMENTS = [
  { slug: 'planning', name: '기획실', description: '시정 기획과 예산, 부서 간 조정을 맡습니다.' },
  {
    slug: 'citizen-communication',
    name: '시민소통실',
    description: '시민 제안을 접수하고 담당 부서로 연결합니다.',
  },
  {
    slug: 'parks-and-green',
    name: '공원녹지과',
    description: '공원, 놀이터, 가로수와 녹지를 가꿉니다.',
  },
  {
    slug: 'transportation',
    name: '교통과',
    description: '도로, 대중교통, 주차와 보행 안전을 맡습니다.',
  },
  { slug: 'welfare', name: '복지과', description: '어르신, 아동, 장애인 복지 서비스를 맡습니다.' },
];

export const DEMO_TOPICS = [
  { slug: 'parks', name: '공원·놀이터' },
  { slug: 'children', name: '아동·청소년' },
  { slug: 'transport', name: '교통·보행' },
  { slug: 'environment', name: '환경·생태' },
  { slug: 'welfare', name: '복지·돌봄' },
  { slug: 'culture', name: '문화·관광' },
];

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The demo city's offset from UTC: Korea Standard Time, the same all year (Korea has kept no
 * daylight saving time since 1988), so a fixed offset is exact and needs no time-zone data.
 */
export const DEMO_UTC_OFFSET_HOURS = 9;

/**
 * `hour`:00 in the demo city, `days` after the day `now` falls on there: an event starts on
 * the hour, as people plan it, not at the minute the seeder ran. The day is counted on the
 * city's calendar (at 00:30 in Seoul it is still the previous day in UTC).
 */
export function onTheHourInDemoCity(now: Date, days: number, hour: number): Date {
  const local = new Date(now.getTime() + DEMO_UTC_OFFSET_HOURS * HOUR);
  return new Date(
    Date.UTC(
      local.getUTCFullYear(),
      local.getUTCMonth(),
      local.getUTCDate() + days,
      hour - DEMO_UTC_OFFSET_HOURS,
    ),
  );
}

/** Phases placed around `now`, so the demo always shows a current phase (발전하기). */
export function demoProcess(now: Date) {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  return {
    slug: 'eco-playground',
    title: '생태놀이터 함께 만들기',
    description:
      '아이들과 주민이 함께 설계하는 생태놀이터. 서비스 디자인의 다섯 단계를 따라 이해하고, 발견하고, 정의하고, 발전시키고, 전달합니다.',
    phases: [
      { title: '이해하기', startsAt: at(-120), endsAt: at(-90) },
      { title: '발견하기', startsAt: at(-90), endsAt: at(-60) },
      { title: '정의하기', startsAt: at(-60), endsAt: at(-30) },
      { title: '발전하기', startsAt: at(-30), endsAt: at(30) },
      { title: '전달하기', startsAt: at(30), endsAt: at(120) },
    ],
  };
}

export const DEMO_ACCOUNTS: {
  email: string;
  displayName: string;
  role: Role;
  departmentSlug?: string;
  /** Their chosen language; unset: their client's, else the city's (Korean). */
  locale?: Locale;
}[] = [
  { email: 'admin@demo.wontak.kr', displayName: '관리자', role: Role.ADMIN },
  { email: 'moderator@demo.wontak.kr', displayName: '운영지기', role: Role.MODERATOR },
  {
    email: 'triage@demo.wontak.kr',
    displayName: '시민소통실 이소통',
    role: Role.STAFF,
    departmentSlug: 'citizen-communication',
  },
  {
    email: 'parks@demo.wontak.kr',
    displayName: '공원녹지과 박녹지',
    role: Role.STAFF,
    departmentSlug: 'parks-and-green',
  },
  {
    email: 'transport@demo.wontak.kr',
    displayName: '교통과 최교통',
    role: Role.STAFF,
    departmentSlug: 'transportation',
  },
  {
    email: 'welfare@demo.wontak.kr',
    displayName: '복지과 정복지',
    role: Role.STAFF,
    departmentSlug: 'welfare',
  },
  /** 기획실, the oversight department: sees the overdue proposals escalated to it. */
  {
    email: 'planning@demo.wontak.kr',
    displayName: '기획실 한기획',
    role: Role.STAFF,
    departmentSlug: 'planning',
  },
  { email: 'citizen@demo.wontak.kr', displayName: '김민지', role: Role.CITIZEN },
  /** Reads Wontak in English (updateMe locale: EN): the demo's notices and mail to him are English. */
  {
    email: 'citizen2@demo.wontak.kr',
    displayName: '이준호',
    role: Role.CITIZEN,
    locale: Locale.EN,
  },
  /** Writes the spam the moderation demo hides. */
  { email: 'spammer@demo.wontak.kr', displayName: '분양상담', role: Role.CITIZEN },
];

/**
 * The moderation demo, on the first demo proposal: an advertisement reported by three people
 * (hidden automatically at the default threshold, waiting in the queue), and a heated but fair
 * comment reported once and kept by the moderator (resolved).
 */
export const DEMO_MODERATION = {
  proposalTitle: '생태놀이터에 그늘막과 벤치를 만들어 주세요',
  spam: {
    author: 'spammer@demo.wontak.kr',
    body: '★최저가 분양★ 남원 신축 아파트 선착순 분양 상담 010-0000-0000',
    reporters: ['citizen@demo.wontak.kr', 'citizen2@demo.wontak.kr', 'parks@demo.wontak.kr'],
  },
  heated: {
    author: 'citizen2@demo.wontak.kr',
    body: '몇 년째 같은 이야기만 듣고 있습니다. 이번에는 정말 약속을 지켜 주세요.',
    reporter: 'welfare@demo.wontak.kr',
    moderator: 'moderator@demo.wontak.kr',
    note: '비판이지만 욕설이나 개인정보가 없어 게시를 유지합니다.',
  },
} as const;

/**
 * One step of a demo proposal's feedback history, `daysAgo` before the seed. Steps run through
 * the real services in order (so they obey the lifecycle and the access rules), then their
 * rows are dated back so the demo city has a history: response times, an overdue inbox.
 */
export type DemoFeedbackStep = { daysAgo: number } & (
  | { assignTo: string; by: string; reason: string }
  | { answer: ProposalStatusName; by: string; body: string }
  | { progress: number; by: string; body: string }
  /** The proposal's author rates the latest answer. */
  | { rate: number; comment?: string }
);
type ProposalStatusName = 'UNDER_REVIEW' | 'ACCEPTED' | 'REJECTED' | 'IN_PROGRESS' | 'IMPLEMENTED';

const TRIAGE = 'triage@demo.wontak.kr';
const PARKS = 'parks@demo.wontak.kr';
const TRANSPORT = 'transport@demo.wontak.kr';
const WELFARE = 'welfare@demo.wontak.kr';

/** Demo proposals, by author email; supports and comments name their writers by email too. */
export const DEMO_PROPOSALS: {
  author: string;
  /** When it was proposed; undefined: at the seed. */
  daysAgo?: number;
  title: string;
  body: string;
  process?: string;
  topics: string[];
  location?: { address?: string; latitude?: number; longitude?: number };
  supporters: string[];
  comments: { author: string; body: string; replies?: { author: string; body: string }[] }[];
  feedback?: DemoFeedbackStep[];
}[] = [
  {
    author: 'citizen@demo.wontak.kr',
    daysAgo: 40,
    title: '생태놀이터에 그늘막과 벤치를 만들어 주세요',
    body: '여름 한낮에는 미끄럼틀이 뜨거워서 아이들이 놀 수가 없습니다. 큰 나무 그늘이 생길 때까지 그늘막을 설치하고, 보호자가 앉아 지켜볼 수 있는 벤치도 놓아 주세요.',
    process: 'eco-playground',
    topics: ['parks', 'children'],
    location: {
      address: '전라북도 남원시 요천로 일대 생태놀이터 부지',
      latitude: 35.4097,
      longitude: 127.3822,
    },
    supporters: ['citizen2@demo.wontak.kr', 'moderator@demo.wontak.kr', 'transport@demo.wontak.kr'],
    comments: [
      {
        author: 'citizen2@demo.wontak.kr',
        body: '디자인 캠프에서 아이들도 그늘이 제일 필요하다고 했어요. 벤치는 나무로 만들면 좋겠습니다.',
        replies: [
          {
            author: 'citizen@demo.wontak.kr',
            body: '맞아요, 뜨거워지지 않는 나무 벤치가 좋겠어요.',
          },
        ],
      },
      {
        author: 'parks@demo.wontak.kr',
        body: '공원녹지과입니다. 발전하기 단계에서 그늘 계획을 함께 검토하겠습니다.',
      },
    ],
    // Implemented, with progress updates and a rating.
    feedback: [
      {
        daysAgo: 39,
        assignTo: 'parks-and-green',
        by: TRIAGE,
        reason: '놀이터 시설은 공원녹지과 소관입니다.',
      },
      {
        daysAgo: 37,
        answer: 'ACCEPTED',
        by: PARKS,
        body: '그늘막 2개와 나무 벤치 4개를 설치하겠습니다. 디자인 캠프 아이들의 의견을 반영합니다.',
      },
      { daysAgo: 25, progress: 30, by: PARKS, body: '그늘막 위치를 정하고 자재를 주문했습니다.' },
      {
        daysAgo: 10,
        progress: 70,
        by: PARKS,
        body: '그늘막 설치를 마쳤고 벤치를 제작하고 있습니다.',
      },
      {
        daysAgo: 3,
        answer: 'IMPLEMENTED',
        by: PARKS,
        body: '그늘막과 벤치 설치를 모두 마쳤습니다.',
      },
      { daysAgo: 2, rate: 5, comment: '아이들이 그늘에서 놀 수 있게 되었어요. 감사합니다!' },
    ],
  },
  {
    author: 'citizen2@demo.wontak.kr',
    daysAgo: 30,
    title: '요천 산책로가 밤에 너무 어둡습니다',
    body: '저녁 운동을 하러 요천 산책로를 걷는데 광한루원 건너편 구간은 가로등이 없어 어둡고 무섭습니다. 보행등을 설치해 주세요.',
    topics: ['transport', 'environment'],
    location: { address: '요천 산책로 광한루원 건너편 구간' },
    supporters: ['citizen@demo.wontak.kr'],
    comments: [
      { author: 'citizen@demo.wontak.kr', body: '저도 밤에는 그 구간을 피해서 돌아갑니다.' },
    ],
    // Transferred twice; the clock kept running, and the last department answered in time.
    feedback: [
      { daysAgo: 29, assignTo: 'transportation', by: TRIAGE, reason: '보행 안전 관련 제안입니다.' },
      {
        daysAgo: 27,
        assignTo: 'planning',
        by: TRANSPORT,
        reason: '하천 산책로 조명은 여러 부서가 얽혀 있어 기획실 조정이 필요합니다.',
      },
      {
        daysAgo: 24,
        assignTo: 'parks-and-green',
        by: 'admin@demo.wontak.kr',
        reason: '요천 산책로는 공원녹지과가 관리하는 시설입니다.',
      },
      {
        daysAgo: 21,
        answer: 'UNDER_REVIEW',
        by: PARKS,
        body: '현장을 확인했습니다. 보행등 설치 예산을 검토하고 있습니다.',
      },
      {
        daysAgo: 16,
        answer: 'ACCEPTED',
        by: PARKS,
        body: '내년 상반기에 보행등 12개를 설치하기로 했습니다.',
      },
    ],
  },
  {
    author: 'citizen@demo.wontak.kr',
    daysAgo: 25,
    title: '공설시장 앞 주말 주차 문제',
    body: '장날과 주말마다 공설시장 앞 도로에 차가 줄지어 서 있어 버스가 지나가기 어렵습니다. 임시 주차장을 안내하거나 공영주차장 이용을 늘려 주세요.',
    topics: ['transport'],
    supporters: ['citizen2@demo.wontak.kr'],
    comments: [],
    // Overdue: assigned 24 days ago, due 10 days ago, no answer yet.
    feedback: [
      {
        daysAgo: 24,
        assignTo: 'transportation',
        by: TRIAGE,
        reason: '주차와 도로 소통은 교통과 소관입니다.',
      },
    ],
  },
  {
    author: 'citizen2@demo.wontak.kr',
    daysAgo: 20,
    title: '무더위 쉼터 위치를 한눈에 알려 주세요',
    body: '어르신들이 무더위 쉼터가 어디 있는지 잘 모르십니다. 경로당과 주민센터 쉼터 위치를 지도와 안내문으로 알려 주세요.',
    topics: ['welfare'],
    supporters: ['citizen@demo.wontak.kr'],
    comments: [],
    // Answered on time and rated.
    feedback: [
      { daysAgo: 19, assignTo: 'welfare', by: TRIAGE, reason: '어르신 복지 관련 제안입니다.' },
      {
        daysAgo: 17,
        answer: 'ACCEPTED',
        by: WELFARE,
        body: '읍면동 주민센터에 쉼터 지도를 게시하고 경로당에 안내문을 보내겠습니다.',
      },
      { daysAgo: 15, rate: 4, comment: '빠른 답변 감사합니다.' },
    ],
  },
  {
    author: 'citizen@demo.wontak.kr',
    daysAgo: 18,
    title: '놀이터 바닥을 고무칩으로 바꿔 주세요',
    body: '비가 온 뒤에는 모래가 질척거려서 아이들이 놀기 어렵습니다. 바닥을 고무칩으로 바꿔 주세요.',
    process: 'eco-playground',
    topics: ['parks', 'children'],
    supporters: [],
    comments: [],
    // Answered on time with a reasoned no, and the citizen says what they think of it.
    feedback: [
      { daysAgo: 17, assignTo: 'parks-and-green', by: TRIAGE, reason: '놀이터 시설 관련입니다.' },
      {
        daysAgo: 14,
        answer: 'REJECTED',
        by: PARKS,
        body: '생태놀이터는 흙과 모래 같은 자연 소재를 쓰기로 아이들과 함께 정했습니다. 대신 배수로를 손보겠습니다.',
      },
      { daysAgo: 13, rate: 3, comment: '취지는 알겠지만 배수는 꼭 고쳐 주세요.' },
    ],
  },
  {
    author: 'citizen2@demo.wontak.kr',
    title: '시내버스 정류장에 도착 안내판을 달아 주세요',
    body: '남원역 앞 정류장에는 버스 도착 안내판이 없어 언제 버스가 오는지 알 수 없습니다. 안내판을 설치해 주세요.',
    topics: ['transport'],
    supporters: ['citizen@demo.wontak.kr'],
    comments: [],
    // Just proposed: waiting in the triage desk's queue.
  },
];

/**
 * The workshops: the children's design camp of the eco-playground (upcoming, open for
 * registration) and the officials' round table of the Namwon project (held, outcome published,
 * linked to the proposals it discussed, by title).
 */
export const DEMO_WORKSHOPS: {
  title: string;
  description: string;
  kind: 'DESIGN_CAMP' | 'ROUND_TABLE';
  organizer: string;
  process?: string;
  /** Days from the seed's day in the demo city; negative: in the past. */
  startsInDays: number;
  /** The hour it starts, on the demo city's clock (DEMO_UTC_OFFSET_HOURS). */
  startsAtHour: number;
  hours: number;
  location: string;
  capacity: number | null;
  registrants: string[];
  /** Children registered by their guardians (src/guardians), of these ages (by birth year). */
  children?: { minimumAge: number; maximumAge: number };
  outcome?: string;
  linkedProposals?: string[];
}[] = [
  {
    title: '생태놀이터 어린이 디자인 캠프',
    description:
      '초등학생들이 직접 생태놀이터를 그려 보는 하루 캠프입니다. 흙, 물, 나무로 놀 거리를 찾고, 모둠별로 모형을 만들어 발표합니다. 보호자 한 명이 함께 와 주세요.',
    kind: 'DESIGN_CAMP',
    organizer: 'parks-and-green',
    process: 'eco-playground',
    startsInDays: 10,
    startsAtHour: 10,
    hours: 5,
    location: '남원시 요천로 생태놀이터 부지 옆 야외 천막',
    capacity: 20,
    registrants: ['citizen@demo.wontak.kr', 'citizen2@demo.wontak.kr'],
    children: { minimumAge: 7, maximumAge: 12 },
  },
  {
    title: '공무원 100인 원탁회의: 시민이 체감하는 행정',
    description:
      '직급과 부서를 섞어 열 명씩 열 개의 원탁에 앉아, 시민 제안이 부서 사이를 오가며 멈추는 이유와 답을 돌려주는 방법을 이야기합니다.',
    kind: 'ROUND_TABLE',
    organizer: 'planning',
    startsInDays: -60,
    startsAtHour: 14,
    hours: 4,
    location: '남원시청 대회의실',
    capacity: 100,
    registrants: [],
    outcome:
      '1. 시민은 제안한 뒤 소식을 듣지 못한다: 모든 제안에 담당 부서와 답변 기한을 공개한다.\n2. 업무가 부서 사이를 오간다(핑퐁): 이관할 때 사유를 남기고, 기한은 다시 시작하지 않는다.\n3. 노력이 보이지 않는다: 진행 상황과 부서별 응답 통계를 공개한다.',
    linkedProposals: [
      '생태놀이터에 그늘막과 벤치를 만들어 주세요',
      '요천 산책로가 밤에 너무 어둡습니다',
    ],
  },
];

/**
 * The escalation ladders of the demo city. The city-wide default is Democracy Seoul's: 50
 * supports oblige the department to answer within 14 days, 100 a public forum, 1,000 an answer
 * from 기획실 (the mayor's office of a small city). The playground process has a ladder at the
 * demo's scale, so its most supported proposal (3 supports) shows a rung reached.
 */
export const DEMO_CITY_LADDER = [
  { threshold: 50, action: EscalationAction.REQUIRE_DEPARTMENT_ANSWER, dueInDays: 14 },
  { threshold: 100, action: EscalationAction.REQUIRE_PUBLIC_FORUM },
  {
    threshold: 1000,
    action: EscalationAction.REQUIRE_ANSWER_FROM,
    dueInDays: 30,
    answeringDepartmentSlug: 'planning',
  },
];
export const DEMO_PROCESS_LADDER = [
  { threshold: 3, action: EscalationAction.REQUIRE_PUBLIC_FORUM },
  { threshold: 10, action: EscalationAction.REQUIRE_DEPARTMENT_ANSWER, dueInDays: 14 },
];
