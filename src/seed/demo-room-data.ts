/**
 * What happened in the demo city's rooms (issue 19): the officials' 100-person round table,
 * entered table by table, and the children's design camp with its guardians. Data only; the
 * seeding is in demo-room.ts.
 */

/** The 100 officials at the round table: synthetic staff, spread over the demo departments. */
export const DEMO_OFFICIALS = {
  count: 100,
  email: (n: number) => `official${String(n).padStart(3, '0')}@demo.wontak.kr`,
  displayName: (n: number) => `공무원 ${String(n).padStart(3, '0')}`,
  /** They cannot log in (as the synthetic residents): argon2 for each would take minutes. */
  passwordHash: '!demo-official-no-login',
  /** Round-robin over these department slugs, so every table mixes departments. */
  departments: [
    'planning',
    'citizen-communication',
    'parks-and-green',
    'transportation',
    'welfare',
  ],
} as const;

/** Three dots each: ten people at a table place thirty. */
export const DEMO_DOTS_PER_PARTICIPANT = 3;

/** A table's ideas: text, category, and the dots the table gave it. */
export type DemoIdea = [text: string, category: string, dots: number];

/**
 * The ten tables: topic and ideas. Ideas marked in DEMO_MERGES say the same thing at different
 * tables; the organizer merged them. Each table's dots add up to at most 30.
 */
export const DEMO_TABLES: { topic: string; ideas: DemoIdea[] }[] = [
  {
    topic: '시민에게 답을 돌려주기',
    ideas: [
      ['제안마다 담당 부서와 답변 기한을 공개하자', '소통', 14],
      ['답변을 쉬운 말로 쓰는 안내서를 만들자', '소통', 9],
      ['민원 처리 결과를 문자로 알려 주자', '소통', 7],
    ],
  },
  {
    topic: '부서 사이 핑퐁 줄이기',
    ideas: [
      ['이관할 때 사유를 꼭 남기게 하자', '협업', 13],
      ['애매한 업무는 기획실이 하루 안에 정리하자', '협업', 10],
      ['부서 간 업무 분장표를 공개하자', '협업', 7],
    ],
  },
  {
    topic: '보이지 않는 노력 드러내기',
    ideas: [
      ['부서별 응답 통계를 매달 공개하자', '공개', 12],
      ['진행 중인 일을 사진으로 알리자', '공개', 10],
      ['칭찬 게시판을 만들자', '조직문화', 8],
    ],
  },
  {
    topic: '시민이 체감하는 민원 창구',
    ideas: [
      ['시민이 답변 기한을 알 수 있게 하자', '소통', 11],
      ['읍면동 창구에서 바로 접수하고 안내하자', '창구', 11],
      ['대기 시간을 화면에 보여 주자', '창구', 8],
    ],
  },
  {
    topic: '협업이 쉬운 조직',
    ideas: [
      ['이관 사유 기록을 의무로 하자', '협업', 15],
      ['협업 우수 부서를 포상하자', '조직문화', 9],
      ['합동 회의를 정례화하자', '협업', 6],
    ],
  },
  {
    topic: '성과를 시민과 나누기',
    ideas: [
      ['처리 결과와 통계를 누리집에 공개하자', '공개', 13],
      ['시민 평가를 부서 평가에 반영하자', '조직문화', 9],
      ['연말에 시민 보고회를 열자', '공개', 8],
    ],
  },
  {
    topic: '현장의 목소리',
    ideas: [
      ['처리 기한을 공개하고 넘기면 사유를 알리자', '소통', 12],
      ['현장 점검에 시민을 초대하자', '참여', 10],
      ['주민 모임에 담당자가 직접 가자', '참여', 8],
    ],
  },
  {
    topic: '디지털 행정',
    ideas: [
      ['모바일로 제안 진행 상황을 보게 하자', '디지털', 12],
      ['자주 묻는 질문을 자동으로 안내하자', '디지털', 9],
      ['종이 서식을 줄이자', '디지털', 9],
    ],
  },
  {
    topic: '일하는 방식 바꾸기',
    ideas: [
      ['이관되어도 기한은 새로 시작하지 말자', '협업', 14],
      ['결재 단계를 줄이자', '조직문화', 10],
      ['담당자 교체 때 인수인계를 기록하자', '조직문화', 6],
    ],
  },
  {
    topic: '함께 만드는 공간',
    ideas: [
      ['생태놀이터처럼 주민과 함께 설계하자', '참여', 13],
      ['설계 전 아이들 의견을 듣자', '참여', 9],
      ['완공 뒤 이용 후기를 받자', '참여', 8],
    ],
  },
];

/** Ideas said at several tables, merged by the organizer: title and [table number, idea index]. */
export const DEMO_MERGES: { title: string; ideas: [number, number][] }[] = [
  {
    title: '모든 제안에 담당 부서와 답변 기한을 공개한다',
    ideas: [
      [1, 0],
      [4, 0],
      [7, 0],
    ],
  },
  {
    title: '이관할 때 사유를 남기고, 기한은 이어간다',
    ideas: [
      [2, 0],
      [5, 0],
      [9, 0],
    ],
  },
  {
    title: '진행 상황과 부서별 응답 통계를 공개한다',
    ideas: [
      [3, 0],
      [6, 0],
      [8, 0],
    ],
  },
];

/**
 * Priorities carried on as proposals, with the department that answers each: the first (42 dots)
 * and one of the two tied second (37 each; the tie shows as a tie).
 */
export const DEMO_PRIORITY_PROPOSALS: { title: string; department: string; body: string }[] = [
  {
    title: '이관할 때 사유를 남기고, 기한은 이어간다',
    department: 'citizen-communication',
    body: '공무원 100인 원탁회의에서 가장 많은 표를 받은 과제입니다. 부서 사이에서 업무가 오갈 때 이관 사유를 반드시 남기고, 답변 기한은 처음 접수한 날부터 이어서 셉니다.',
  },
  {
    title: '모든 제안에 담당 부서와 답변 기한을 공개한다',
    department: 'planning',
    body: '원탁회의에서 공동 2위로 뽑힌 과제입니다. 시민이 낸 모든 제안에 담당 부서와 답변 기한을 공개하고, 기한을 넘기면 그 사유를 알립니다.',
  },
];

/**
 * The children's design camp (its ages: DEMO_WORKSHOPS in demo-city.ts): guardians registering their children with consent.
 * Ages are this year's (by birth year). One guardian withdrew consent for one child: the child
 * is erased, the record of the consent and its withdrawal stays.
 */
export const DEMO_CAMP_CHILDREN = {
  relationship: '부모',
  children: [
    { guardian: 'citizen@demo.wontak.kr', firstName: '하은', age: 9, contact: '010-0000-1234' },
    { guardian: 'citizen@demo.wontak.kr', firstName: '도윤', age: 7, contact: '010-0000-1234' },
    { guardian: 'citizen2@demo.wontak.kr', firstName: '서아', age: 10, contact: null },
  ],
  withdrawn: { guardian: 'citizen2@demo.wontak.kr', firstName: '준우', age: 8 },
} as const;
