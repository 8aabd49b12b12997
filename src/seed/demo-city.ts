import { Role } from '../core/access/role.js';

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
  { email: 'citizen@demo.wontak.kr', displayName: '김민지', role: Role.CITIZEN },
  { email: 'citizen2@demo.wontak.kr', displayName: '이준호', role: Role.CITIZEN },
];
