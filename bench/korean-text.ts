/**
 * Korean civic vocabulary for the benchmark data set (bench/dataset.ts): Namwon's
 * neighbourhoods and departments, facility nouns grouped by the department that looks after
 * them, and sentence templates. The templates are rendered here, in TypeScript, with the right
 * particles (이/가, 을/를, 은/는, 과/와, 으로/로 depend on the noun's last syllable), into
 * pools of finished sentences; the SQL that builds the data set only picks from the pools, so
 * it stays set-based and fast. Rendering is deterministic (a seeded generator), so two runs
 * build the same text.
 *
 * Templates: `{F}` the facility, `{W}` the people concerned, each optionally followed by a
 * particle written in its after-a-consonant form (`{F:이}`, `{F:을}`, `{F:은}`, `{F:과}`,
 * `{F:으로}`); `{P}` a neighbourhood and `{D}` a department name are left for the SQL, which
 * replaces them, so they are only ever followed by particles that do not change (에, 의, 입니다).
 */

import { DEMO_TOPICS } from '../src/seed/demo-city.js';

/** Namwon's 23 neighbourhoods (동), towns (읍) and townships (면). */
export const NEIGHBOURHOODS = [
  '동충동',
  '죽항동',
  '노암동',
  '금동',
  '왕정동',
  '향교동',
  '도통동',
  '운봉읍',
  '주천면',
  '수지면',
  '송동면',
  '주생면',
  '금지면',
  '대강면',
  '대산면',
  '사매면',
  '덕과면',
  '보절면',
  '산동면',
  '이백면',
  '아영면',
  '산내면',
  '인월면',
];

/** The ten departments, in the order the data set numbers them (0..9). */
export const DEPARTMENTS = [
  {
    slug: 'citizen-communication',
    name: '시민소통실',
    description: '시민 제안을 접수하고 담당 부서로 연결합니다.',
  },
  {
    slug: 'planning',
    name: '기획예산실',
    description: '시정 기획과 예산, 부서 간 조정을 맡습니다.',
  },
  {
    slug: 'parks-and-green',
    name: '공원녹지과',
    description: '공원, 놀이터, 가로수와 녹지를 가꿉니다.',
  },
  {
    slug: 'transportation',
    name: '교통과',
    description: '대중교통, 주차와 보행 안전을 맡습니다.',
  },
  { slug: 'welfare', name: '복지과', description: '어르신, 아동, 장애인 복지 서비스를 맡습니다.' },
  {
    slug: 'environment',
    name: '환경과',
    description: '쓰레기 수거, 재활용, 하천과 대기 환경을 맡습니다.',
  },
  {
    slug: 'construction',
    name: '건설과',
    description: '도로, 인도, 배수로와 가로등을 관리합니다.',
  },
  {
    slug: 'culture-tourism',
    name: '문화관광과',
    description: '춘향테마파크, 광한루원, 축제와 관광 안내를 맡습니다.',
  },
  {
    slug: 'lifelong-learning',
    name: '평생학습과',
    description: '시립도서관과 작은도서관, 평생학습 강좌를 운영합니다.',
  },
  { slug: 'safety', name: '안전총괄과', description: '방범, 재난 대비와 생활 안전을 맡습니다.' },
];

/** The demo city's topics (src/seed/demo-city.ts), and three more a whole city needs. */
export const TOPICS = [
  ...DEMO_TOPICS,
  { slug: 'safety', name: '안전·방범' },
  { slug: 'roads', name: '도로·시설' },
  { slug: 'participation', name: '행정·참여' },
];

export const PROCESSES = [
  {
    slug: 'eco-playground',
    title: '생태놀이터 함께 만들기',
    description:
      '아이들과 주민이 함께 설계하는 생태놀이터. 이해하고, 발견하고, 정의하고, 발전시키고, 전달합니다.',
  },
  {
    slug: 'participatory-budget',
    title: '주민참여예산 제안 공모',
    description: '우리 동네에 필요한 사업을 주민이 제안하고 함께 우선순위를 정합니다.',
  },
  {
    slug: 'yocheon-river',
    title: '요천 생태하천 가꾸기',
    description: '요천 둔치와 하천 주변을 주민과 함께 가꾸는 사업입니다.',
  },
  {
    slug: 'chunhyang-theme-park',
    title: '춘향테마파크 활성화',
    description: '춘향테마파크와 광한루원 일대를 다시 찾고 싶은 곳으로 만듭니다.',
  },
  {
    slug: 'safe-school-routes',
    title: '안전한 통학로 만들기',
    description: '초등학교 주변 통학로의 위험한 곳을 함께 찾고 고칩니다.',
  },
];

export const PHASE_TITLES = ['이해하기', '발견하기', '정의하기', '발전하기', '전달하기'];

/** Korean surnames and given names, for display names. */
export const SURNAMES = [
  '김',
  '이',
  '박',
  '최',
  '정',
  '강',
  '조',
  '윤',
  '장',
  '임',
  '한',
  '오',
  '서',
  '신',
  '권',
  '황',
  '안',
  '송',
  '류',
  '홍',
];
export const GIVEN_NAMES = [
  '민준',
  '서연',
  '도윤',
  '서윤',
  '하준',
  '지우',
  '시우',
  '하윤',
  '주원',
  '지호',
  '수아',
  '지아',
  '예준',
  '은서',
  '건우',
  '유진',
  '현우',
  '민서',
  '정숙',
  '영희',
  '순자',
  '영수',
  '철수',
  '미경',
  '은정',
  '상훈',
  '재현',
  '성민',
  '지은',
  '혜진',
  '동현',
  '수빈',
  '경희',
  '말순',
  '옥자',
  '광수',
  '미란',
  '태호',
  '보람',
  '나연',
];

interface Facility {
  word: string;
  /** Relative frequency as the subject of a proposal, within its category. */
  weight: number;
}

interface Category {
  key: string;
  /** Index into DEPARTMENTS: the department that answers for it. */
  department: number;
  /** Slug of its topic in TOPICS. */
  topic: string;
  /** Share of proposals about it, in percent (the categories add up to 100). */
  share: number;
  facilities: Facility[];
  who: string[];
  titles: string[];
  problems: string[];
  requests: string[];
  comments: string[];
}

/*
 * The search words of the benchmark are 놀이터 and 산책로: they appear only in the facility
 * nouns that contain them (and so in titles and sentences about those facilities), never in
 * the shared sentences, so their share of proposals is the weight of those facilities
 * (expectedShare below computes it): about 2% and 1%.
 */
const CATEGORIES: Category[] = [
  {
    key: 'parks',
    department: 2,
    topic: 'parks',
    share: 16,
    facilities: [
      { word: '놀이터', weight: 6 },
      { word: '생태놀이터', weight: 3 },
      { word: '물놀이터', weight: 2 },
      { word: '반려견 놀이터', weight: 1 },
      { word: '산책로', weight: 5 },
      { word: '요천 산책로', weight: 2 },
      { word: '공원 벤치', weight: 10 },
      { word: '그늘막', weight: 10 },
      { word: '공원 화장실', weight: 9 },
      { word: '잔디광장', weight: 5 },
      { word: '가로수', weight: 9 },
      { word: '공원 운동기구', weight: 8 },
      { word: '꽃밭', weight: 5 },
      { word: '숲길', weight: 5 },
      { word: '정자', weight: 5 },
      { word: '공원 음수대', weight: 6 },
    ],
    who: ['아이들', '어르신들', '보호자들', '주민들', '반려견과 나온 주민들'],
    titles: [
      '{P} {F:을} 새로 단장해 주세요',
      '{P} {F:이} 너무 낡았습니다',
      '{P} {F} 관리가 시급합니다',
      '{P} {F} 주변을 정비해 주세요',
      '{P}에도 {F:이} 필요합니다',
      '{F:을} 더 안전하게 만들어 주세요',
    ],
    problems: [
      '{F:이} 오래되어 곳곳이 부서지고 녹이 슬었습니다.',
      '여름 한낮에는 {F} 주변에 그늘이 없어 {W:이} 오래 머물 수가 없습니다.',
      '밤이 되면 {F} 주변이 어두워서 {W:이} 불안해합니다.',
      '{F} 주변에 쓰레기가 쌓여 있고 풀이 무성하게 자라 있습니다.',
      '주말이면 {F:을} 찾는 {W:이} 많은데 시설이 턱없이 부족합니다.',
      '비가 온 뒤에는 {F} 바닥에 물이 고여 며칠씩 빠지지 않습니다.',
      '{F:이} 관리되지 않아 {W:이} 다른 동네까지 가야 합니다.',
      '{F}에 앉아 쉴 곳이 없어 {W:이} 서서 기다립니다.',
      '{F} 옆 화단이 망가져 흙이 인도로 흘러내립니다.',
    ],
    requests: [
      '{F:을} 보수하고 쉴 수 있는 의자도 함께 설치해 주세요.',
      '{F} 주변에 조명을 달고 정기적으로 점검해 주세요.',
      '{F:을} {W:이} 안심하고 이용할 수 있도록 새로 단장해 주세요.',
      '{F} 관리 주기를 늘리고 고장 난 시설은 바로 고쳐 주세요.',
      '{F:을} 주민 의견을 들어 다시 설계해 주시면 좋겠습니다.',
    ],
    comments: [
      '저희 아이도 {F:을} 자주 이용하는데 정말 필요한 제안입니다.',
      '{F:이} 바뀌면 동네 분위기가 훨씬 좋아질 것 같아요.',
      '저녁에 {F} 근처를 지나가면 너무 어두워서 저도 걱정했습니다.',
      '{F:은} 관리만 잘 되어도 많은 사람이 찾을 겁니다.',
    ],
  },
  {
    key: 'transport',
    department: 3,
    topic: 'transport',
    share: 17,
    facilities: [
      { word: '버스 정류장', weight: 12 },
      { word: '버스 도착 안내판', weight: 7 },
      { word: '횡단보도', weight: 12 },
      { word: '신호등', weight: 9 },
      { word: '과속방지턱', weight: 8 },
      { word: '공영주차장', weight: 10 },
      { word: '주차 공간', weight: 9 },
      { word: '어린이보호구역', weight: 9 },
      { word: '자전거도로', weight: 8 },
      { word: '농어촌버스 노선', weight: 7 },
      { word: '택시 승강장', weight: 4 },
      { word: '전동킥보드 주차 구역', weight: 5 },
    ],
    who: ['학생들', '어르신들', '보행자들', '운전자들', '통학하는 아이들', '출퇴근하는 시민들'],
    titles: [
      '{P} {F:을} 개선해 주세요',
      '{P} {F} 때문에 위험합니다',
      '{P}에 {F} 설치를 요청합니다',
      '{P} {F} 문제를 해결해 주세요',
      '{F} 운영 방식을 바꿔 주세요',
      '{P} 시장 앞 {F:이} 부족합니다',
    ],
    problems: [
      '출퇴근 시간이면 {F} 주변에 차가 몰려 {W:이} 위험한 순간을 자주 겪습니다.',
      '{F:이} 제대로 갖춰지지 않아 {W:이} 차도로 걸어 다닙니다.',
      '{F} 근처에서 사고가 날 뻔한 일이 이번 달에만 여러 번 있었습니다.',
      '{F:이} 멀리 떨어져 있어 {W:이} 한참을 돌아가야 합니다.',
      '비 오는 날에는 {F} 주변이 미끄럽고 시야가 좁아 더 위험합니다.',
      '불법 주차된 차량 때문에 {F:이} 잘 보이지 않습니다.',
      '{F} 안내가 부족해서 처음 오는 사람들은 헤매기 일쑤입니다.',
      '시골 마을에서는 {F:이} 하루에 몇 번 없어 {W:이} 병원 가기도 어렵습니다.',
    ],
    requests: [
      '{F:을} 안전한 위치로 옮기고 안내 표지를 보강해 주세요.',
      '{F:을} 새로 설치하거나 늘려 주시기 바랍니다.',
      '{F} 주변에 단속 카메라를 설치해 주세요.',
      '{W:이} 안심하고 다닐 수 있도록 {F:을} 정비해 주세요.',
      '현장을 한번 나와서 {F} 상황을 직접 확인해 주세요.',
    ],
    comments: [
      '{F} 앞에서 저도 위험했던 적이 있습니다. 꼭 개선되면 좋겠어요.',
      '아침마다 {F} 때문에 아이를 학교까지 데려다줍니다.',
      '{F:은} 예산이 많이 들지 않는 일이니 빨리 해 주셨으면 합니다.',
      '차를 가진 사람 입장에서도 {F} 정비는 꼭 필요하다고 봅니다.',
    ],
  },
  {
    key: 'roads',
    department: 6,
    topic: 'roads',
    share: 13,
    facilities: [
      { word: '가로등', weight: 12 },
      { word: '보도블록', weight: 10 },
      { word: '인도', weight: 9 },
      { word: '배수로', weight: 8 },
      { word: '하수구', weight: 7 },
      { word: '도로 포장', weight: 8 },
      { word: '포트홀', weight: 6 },
      { word: '도로 표지판', weight: 5 },
      { word: '굴다리', weight: 4 },
      { word: '농로', weight: 5 },
    ],
    who: ['주민들', '어르신들', '보행자들', '운전자들', '학생들'],
    titles: [
      '{P} {F:이} 파손되어 위험합니다',
      '{P} {F} 보수를 요청합니다',
      '{P} {F:을} 정비해 주세요',
      '{P} 마을 입구 {F} 문제',
      '{F} 점검을 정기적으로 해 주세요',
    ],
    problems: [
      '{F:이} 군데군데 깨져 있어 {W:이} 걸려 넘어질 뻔했습니다.',
      '비가 많이 오면 {F:이} 넘쳐 길이 물에 잠깁니다.',
      '{F:이} 고장 난 지 몇 달이 지났는데 아직 그대로입니다.',
      '밤에는 {F} 주변이 너무 어두워 {W:이} 다니기 무섭다고 합니다.',
      '{F} 공사 뒤에 마무리가 제대로 되지 않아 턱이 생겼습니다.',
      '{F:이} 좁고 울퉁불퉁해서 유모차나 휠체어가 지나가기 어렵습니다.',
      '겨울철에는 {F} 주변이 얼어 미끄럼 사고가 잦습니다.',
    ],
    requests: [
      '{F:을} 하루빨리 보수해 주세요.',
      '{F:을} 점검하고 고장 난 곳을 고쳐 주시기 바랍니다.',
      '{F} 전체를 새로 정비하는 계획을 세워 주세요.',
      '{W:이} 안전하게 다닐 수 있도록 {F:을} 넓히고 평평하게 해 주세요.',
    ],
    comments: [
      '{F} 때문에 저희 어머니도 넘어지신 적이 있습니다.',
      '신고한 지 오래됐는데 {F:이} 아직 그대로예요.',
      '{F} 보수는 우선순위가 높아야 한다고 생각합니다.',
    ],
  },
  {
    key: 'welfare',
    department: 4,
    topic: 'welfare',
    share: 11,
    facilities: [
      { word: '경로당', weight: 12 },
      { word: '노인복지관', weight: 9 },
      { word: '지역아동센터', weight: 9 },
      { word: '다함께돌봄센터', weight: 7 },
      { word: '휠체어 경사로', weight: 6 },
      { word: '무료 급식소', weight: 5 },
      { word: '어르신 일자리 사업', weight: 8 },
      { word: '방문 건강관리', weight: 6 },
      { word: '장애인 편의시설', weight: 7 },
      { word: '공공 산후조리 지원', weight: 4 },
    ],
    who: ['어르신들', '아이들', '장애인', '홀로 사는 어르신들', '맞벌이 부부', '보호자들'],
    titles: [
      '{P}에 {F:이} 필요합니다',
      '{P} {F} 운영 시간을 늘려 주세요',
      '{W:을} 위한 {F:을} 늘려 주세요',
      '{F} 지원을 확대해 주세요',
      '{P} {F} 환경 개선 요청',
    ],
    problems: [
      '{F:이} 부족해서 {W:이} 오래 기다려야 합니다.',
      '{F:이} 멀리 있어 {W:이} 버스를 두 번 갈아타고 다닙니다.',
      '{F} 운영 시간이 짧아 일하는 가족은 이용하기 어렵습니다.',
      '{F} 건물이 낡아 겨울에는 춥고 여름에는 덥습니다.',
      '{F} 정보를 몰라서 혜택을 받지 못하는 {W:이} 많습니다.',
      '{F}에 필요한 인력이 부족해 프로그램이 자주 취소됩니다.',
      '{W:이} {F:을} 이용하려면 가족이 함께 가야만 합니다.',
    ],
    requests: [
      '{F:을} 늘리고 운영 시간을 저녁까지 연장해 주세요.',
      '{W:이} 쉽게 찾아갈 수 있도록 {F} 안내를 강화해 주세요.',
      '{F}에 전담 인력을 배치해 주시기 바랍니다.',
      '{F} 시설을 개선할 예산을 반영해 주세요.',
    ],
    comments: [
      '저희 부모님도 {F:을} 이용하시는데 정말 공감합니다.',
      '{F:은} 우리 동네에 꼭 있어야 하는 시설입니다.',
      '맞벌이 가정에는 {F:이} 큰 힘이 됩니다.',
    ],
  },
  {
    key: 'waste',
    department: 5,
    topic: 'environment',
    share: 12,
    facilities: [
      { word: '쓰레기 무단 투기', weight: 12 },
      { word: '분리수거함', weight: 10 },
      { word: '재활용 정거장', weight: 8 },
      { word: '음식물 쓰레기통', weight: 9 },
      { word: '대형 폐기물 수거', weight: 6 },
      { word: '영농 폐비닐 수거', weight: 5 },
      { word: '담배꽁초', weight: 6 },
      { word: '하천 쓰레기', weight: 6 },
      { word: '축사 악취', weight: 5 },
      { word: '공사장 소음', weight: 5 },
      { word: '미세먼지', weight: 5 },
    ],
    who: ['주민들', '상인들', '아이들', '어르신들', '관광객들'],
    titles: [
      '{P} {F} 문제를 해결해 주세요',
      '{P} {F} 대책이 필요합니다',
      '{P} 골목 {F} 관리 요청',
      '{F} 관리를 강화해 주세요',
    ],
    problems: [
      '{F} 때문에 골목 전체에 냄새가 나고 벌레가 꼬입니다.',
      '{F} 문제로 {W:이} 여러 번 민원을 넣었지만 나아지지 않았습니다.',
      '주말이 지나면 {F} 주변이 엉망이 되어 {W:이} 직접 치우고 있습니다.',
      '{F:이} 방치되어 마을 미관을 해치고 있습니다.',
      '여름철에는 {F} 때문에 창문을 열 수가 없습니다.',
      '{F} 수거 날짜를 몰라 아무 때나 내놓는 집이 많습니다.',
      '밤늦게 {F:이} 반복되는데 단속하는 사람이 없습니다.',
    ],
    requests: [
      '{F} 단속을 강화하고 안내판을 설치해 주세요.',
      '{F} 수거 횟수를 늘려 주시기 바랍니다.',
      '{F} 문제를 해결할 근본적인 대책을 마련해 주세요.',
      '{W:과} 함께하는 정화 활동을 지원해 주세요.',
    ],
    comments: [
      '{F} 때문에 저희 집 앞도 늘 지저분합니다.',
      '단속만으로는 부족하고 {F} 안내가 먼저 필요해 보여요.',
      '{F} 문제는 주민들이 함께 나서야 해결될 것 같습니다.',
    ],
  },
  {
    key: 'culture',
    department: 7,
    topic: 'culture',
    share: 8,
    facilities: [
      { word: '춘향테마파크', weight: 12 },
      { word: '광한루원', weight: 12 },
      { word: '춘향제 행사장', weight: 8 },
      { word: '관광 안내판', weight: 8 },
      { word: '관광안내소', weight: 6 },
      { word: '야간 경관 조명', weight: 7 },
      { word: '남원예촌', weight: 6 },
      { word: '시립 공연장', weight: 5 },
      { word: '전통시장 상가', weight: 7 },
      { word: '교룡산성 탐방로', weight: 5 },
    ],
    who: ['관광객들', '가족 단위 방문객', '상인들', '청년 예술가들', '외국인 관광객들'],
    titles: [
      '{F} 활성화 방안을 제안합니다',
      '{F}에 볼거리를 늘려 주세요',
      '{F} 안내를 개선해 주세요',
      '{F:을} 다시 찾고 싶은 곳으로 만들어 주세요',
      '{F} 주변 편의시설 확충 요청',
    ],
    problems: [
      '{F:을} 찾는 {W:이} 예전보다 많이 줄었습니다.',
      '{F}에는 저녁에 즐길 거리가 없어 방문객이 금방 떠납니다.',
      '{F} 안내가 한국어로만 되어 있어 {W:이} 불편해합니다.',
      '{F} 주변에 쉴 곳과 화장실이 부족하다는 이야기를 자주 듣습니다.',
      '축제 기간이 아니면 {F:은} 한산해서 상권도 함께 침체됩니다.',
      '{F:으로} 가는 길 안내 표지가 낡아 잘 보이지 않습니다.',
    ],
    requests: [
      '{F}에서 계절마다 작은 공연과 체험 행사를 열어 주세요.',
      '{F} 안내를 여러 언어로 바꾸고 지도를 새로 만들어 주세요.',
      '{F} 주변에 쉼터와 편의시설을 늘려 주시기 바랍니다.',
      '{W:이} 다시 찾고 싶도록 {F} 운영 방식을 바꿔 주세요.',
    ],
    comments: [
      '{F:은} 남원의 자랑인데 요즘 너무 한산해서 아쉽습니다.',
      '외지 친구들이 오면 {F:을} 꼭 데려가는데 안내가 부족하더라고요.',
      '{F} 주변 상인들도 이 제안을 반길 것 같습니다.',
    ],
  },
  {
    key: 'library',
    department: 8,
    topic: 'children',
    share: 7,
    facilities: [
      { word: '시립도서관', weight: 12 },
      { word: '작은도서관', weight: 10 },
      { word: '어린이 열람실', weight: 8 },
      { word: '도서관 주차장', weight: 6 },
      { word: '평생학습 강좌', weight: 9 },
      { word: '청소년 문화의집', weight: 7 },
      { word: '스터디 카페형 열람실', weight: 5 },
      { word: '디지털 배움터', weight: 6 },
    ],
    who: ['학생들', '아이들', '직장인들', '어르신들', '청소년들'],
    titles: [
      '{P}에 {F:을} 만들어 주세요',
      '{F} 운영 시간을 늘려 주세요',
      '{F} 프로그램을 다양하게 해 주세요',
      '{P} {F} 환경 개선 요청',
    ],
    problems: [
      '{F:이} 저녁 여섯 시에 문을 닫아 {W:은} 퇴근 후에 이용할 수 없습니다.',
      '{F}에 자리가 부족해 시험 기간에는 {W:이} 발길을 돌립니다.',
      '{F} 프로그램이 평일 낮에만 있어 참여하기 어렵습니다.',
      '{F:이} 멀어서 {W:이} 혼자 다니기 어렵습니다.',
      '{F}의 책과 시설이 오래되어 찾는 사람이 줄었습니다.',
    ],
    requests: [
      '{F} 운영 시간을 밤 열 시까지 연장해 주세요.',
      '{F:을} 가까운 곳에 하나 더 만들어 주시기 바랍니다.',
      '{W:을} 위한 {F} 프로그램을 주말에도 열어 주세요.',
      '{F} 좌석과 시설을 새로 바꿔 주세요.',
    ],
    comments: [
      '저도 퇴근하고 {F:을} 이용하고 싶은데 늘 닫혀 있어요.',
      '{F:이} 생기면 아이들이 갈 곳이 생겨서 좋겠습니다.',
      '{F} 프로그램이 늘어나면 꼭 참여하겠습니다.',
    ],
  },
  {
    key: 'safety',
    department: 9,
    topic: 'safety',
    share: 10,
    facilities: [
      { word: '방범 CCTV', weight: 12 },
      { word: '비상벨', weight: 8 },
      { word: '안심 귀갓길', weight: 8 },
      { word: '보안등', weight: 10 },
      { word: '제설 작업', weight: 7 },
      { word: '침수 대비 시설', weight: 6 },
      { word: '무더위 쉼터', weight: 8 },
      { word: '재난 안내 방송', weight: 5 },
      { word: '소화기 보관함', weight: 5 },
    ],
    who: ['여성들', '학생들', '어르신들', '늦게 퇴근하는 주민들', '아이들'],
    titles: [
      '{P}에 {F:을} 설치해 주세요',
      '{P} 골목 {F:이} 부족합니다',
      '{P} {F} 점검을 요청합니다',
      '{F:을} 늘려 안전한 마을을 만들어 주세요',
    ],
    problems: [
      '{F:이} 없어 밤늦게 귀가하는 {W:이} 불안해합니다.',
      '{F:이} 있기는 하지만 고장이 나서 제 역할을 못 합니다.',
      '지난 겨울 {F:이} 늦어져 {W:이} 며칠 동안 고립되었습니다.',
      '여름철 폭염에 {F:이} 부족해 {W:이} 갈 곳이 없습니다.',
      '골목이 좁고 어두워 {F:이} 꼭 필요한 곳입니다.',
      '{F} 위치를 아는 사람이 거의 없습니다.',
    ],
    requests: [
      '{F:을} 골목 입구와 공원 주변에 설치해 주세요.',
      '{F:을} 정기적으로 점검하고 고장 나면 바로 고쳐 주세요.',
      '{W:이} 안심할 수 있도록 {F:을} 늘려 주시기 바랍니다.',
      '{F} 위치를 알리는 안내판도 함께 설치해 주세요.',
    ],
    comments: [
      '밤에 이 길을 지나갈 때마다 {F:이} 있었으면 했습니다.',
      '{F} 설치에 적극 찬성합니다.',
      '{F:은} 한 번 설치하면 오래 쓰니 꼭 해 주세요.',
    ],
  },
  {
    key: 'admin',
    department: 0,
    topic: 'participation',
    share: 3,
    facilities: [
      { word: '행정복지센터 민원실', weight: 10 },
      { word: '무인민원발급기', weight: 8 },
      { word: '시청 민원 안내', weight: 6 },
      { word: '시민 제안 답변', weight: 5 },
    ],
    who: ['주민들', '어르신들', '직장인들', '청년들'],
    titles: [
      '{F} 운영을 개선해 주세요',
      '{P}에 {F:을} 늘려 주세요',
      '{F:을} 더 쉽게 만들어 주세요',
    ],
    problems: [
      '{F:이} 평일 낮에만 운영되어 {W:이} 이용하기 어렵습니다.',
      '{F} 절차가 복잡해서 {W:이} 중간에 포기합니다.',
      '{F} 결과를 주민들이 알기 어렵습니다.',
      '{F:이} 읍면 지역에는 거의 없습니다.',
    ],
    requests: [
      '{F} 운영 시간을 늘리고 안내를 쉽게 바꿔 주세요.',
      '{F} 결과를 누리집에 공개해 주시기 바랍니다.',
      '{W:이} 쉽게 이용할 수 있도록 {F:을} 개선해 주세요.',
    ],
    comments: [
      '{F:이} 좋아지면 시민 참여도 늘어날 거라 생각합니다.',
      '{F} 관련해서 저도 같은 불편을 겪었습니다.',
    ],
  },
  {
    key: 'planning',
    department: 1,
    topic: 'participation',
    share: 3,
    facilities: [
      { word: '주민참여예산', weight: 10 },
      { word: '마을 공동체 사업', weight: 8 },
      { word: '공공 와이파이', weight: 6 },
      { word: '청년 창업 지원', weight: 6 },
    ],
    who: ['주민들', '청년들', '상인들', '직장인들'],
    titles: [
      '{F:을} 확대해 주세요',
      '{P}에도 {F:이} 필요합니다',
      '{F}에 주민 의견을 더 반영해 주세요',
    ],
    problems: [
      '{F} 예산이 일부 지역에만 몰려 있습니다.',
      '{F:을} 신청하는 방법이 어려워 {W:이} 중간에 포기합니다.',
      '{F} 결과가 어떻게 쓰였는지 알기 어렵습니다.',
      '{F:이} 읍면 지역에는 거의 미치지 못합니다.',
    ],
    requests: [
      '{F} 예산을 늘리고 읍면 지역에도 고르게 나눠 주세요.',
      '{F} 결과를 누리집에 자세히 공개해 주시기 바랍니다.',
      '{W:이} 쉽게 참여할 수 있도록 {F} 절차를 간단하게 바꿔 주세요.',
    ],
    comments: [
      '{F:이} 늘어나면 동네에 활력이 생길 것 같습니다.',
      '{F} 신청하다가 포기한 적이 있어 공감합니다.',
    ],
  },
];

/** Opening sentences of a proposal; {P} is its neighbourhood. */
export const INTROS = [
  '{P}에 사는 주민입니다.',
  '{P}에서 초등학생 두 아이를 키우고 있습니다.',
  '{P}에서 이십 년째 작은 가게를 하고 있습니다.',
  '매일 아침 {P} 앞을 지나 출근하는 직장인입니다.',
  '{P} 주민자치위원으로 활동하고 있습니다.',
  '{P}에 혼자 사시는 어머니를 자주 찾아뵙는 시민입니다.',
  '{P} 인근 초등학교 학부모입니다.',
  '{P}에서 나고 자라 지금도 살고 있는 토박이입니다.',
  '작년에 이사 와서 {P}에 살고 있는 신혼부부입니다.',
  '{P}에서 농사를 짓고 있는 농민입니다.',
  '{P}에 사는 고등학생입니다.',
  '{P} 경로당 총무를 맡고 있습니다.',
];

/** Sentences that fit any proposal (none of them holds a search word). */
export const GENERIC_SENTENCES = [
  '이 문제는 어제오늘의 일이 아닙니다.',
  '이웃 주민들도 모두 같은 생각입니다.',
  '지난해에도 민원을 넣었지만 달라진 것이 없습니다.',
  '아이들이 커 가는 동네가 조금 더 안전했으면 좋겠습니다.',
  '출퇴근 시간마다 같은 불편이 반복되고 있습니다.',
  '주변 다른 시군에서는 이미 비슷한 사업을 하고 있다고 들었습니다.',
  '큰 예산이 드는 일이 아니라고 생각합니다.',
  '현장에 한번 와 보시면 바로 아실 수 있습니다.',
  '주민들이 직접 관리에 참여할 의향도 있습니다.',
  '사진을 찍어 두었으니 필요하시면 보내 드리겠습니다.',
  '어르신들이 많이 사는 동네라 더 신경 써 주셨으면 합니다.',
  '관광객들도 많이 오가는 길이라 도시 이미지에도 좋지 않습니다.',
  '장마철이 오기 전에 조치가 이루어지면 좋겠습니다.',
  '겨울이 오기 전에 꼭 살펴봐 주세요.',
  '다른 주민들의 의견도 들어 보고 결정해 주셨으면 합니다.',
  '작은 변화라도 주민들에게는 큰 도움이 됩니다.',
  '시청 누리집에 올라온 비슷한 제안도 여러 건 보았습니다.',
  '학교가 가까워 학생들이 많이 지나다니는 곳입니다.',
  '저녁이면 산책하는 주민들로 붐비는 곳입니다.',
  '마을 회의에서도 여러 번 이야기가 나왔습니다.',
  '주말에는 외지에서 오는 차량도 많습니다.',
  '인근 상인들도 개선을 바라고 있습니다.',
  '지금처럼 두면 언젠가 큰 사고가 날까 걱정입니다.',
  '예산이 부족하다면 단계적으로라도 추진해 주세요.',
  '진행 상황을 주민들에게 알려 주시면 좋겠습니다.',
  '비슷한 문제를 겪는 다른 동네에도 도움이 될 것입니다.',
  '시민의 목소리에 귀 기울여 주셔서 늘 감사합니다.',
  '아이들과 어르신 모두가 편하게 다닐 수 있는 동네를 바랍니다.',
  '이 제안에 공감하시는 분들은 함께 공감을 눌러 주세요.',
  '담당 부서에서 한번 검토해 주시기를 부탁드립니다.',
];

export const CLOSINGS = [
  '검토 부탁드립니다.',
  '빠른 개선을 부탁드립니다.',
  '감사합니다.',
  '긍정적으로 검토해 주시기 바랍니다.',
  '좋은 답변 기다리겠습니다.',
  '주민들의 작은 바람을 꼭 들어주세요.',
  '읽어 주셔서 감사합니다.',
];

/** Comments that fit any proposal, and replies that fit any comment. */
export const GENERIC_COMMENTS = [
  '좋은 제안입니다. 적극 공감합니다.',
  '저도 같은 생각을 하고 있었어요.',
  '이 부분은 정말 개선이 필요합니다.',
  '예산이 어떻게 되는지 궁금합니다.',
  '우리 동네에도 같은 문제가 있습니다.',
  '공감 꾹 누르고 갑니다.',
  '꼭 반영되었으면 좋겠네요.',
  '현실적으로 가능한 방법인지 시에서 검토해 주셨으면 합니다.',
  '반대 의견도 있을 수 있으니 주민 설명회를 열면 좋겠습니다.',
  '몇 년째 같은 이야기가 나오는데 이번에는 꼭 해결되길 바랍니다.',
  '자세하게 정리해 주셔서 감사합니다.',
  '다른 지역 사례도 함께 찾아보면 좋겠어요.',
  '저는 조금 다른 생각입니다. 우선순위가 더 높은 일이 있다고 봅니다.',
  '이번 주민참여예산에 꼭 올라갔으면 합니다.',
  '아이 키우는 입장에서 정말 필요한 일입니다.',
  '어르신들 입장에서도 꼭 필요합니다.',
];

export const REPLIES = [
  '맞아요, 저도 같은 생각입니다.',
  '좋은 의견 감사합니다.',
  '저도 그 부분이 궁금했어요.',
  '동의합니다. 함께 목소리를 내요.',
  '그 방법도 좋겠네요.',
  '현장에 가 보니 말씀하신 대로였습니다.',
  '조금 다르게 생각합니다. 비용도 따져 봐야 할 것 같아요.',
  '저희 동네 이야기이기도 합니다.',
  '시에서 답변이 오면 공유해 주세요.',
  '말씀하신 곳이 정확히 어디인지 알려 주실 수 있나요?',
  '네, 요천 쪽 입구입니다.',
  '저도 민원 넣어 보겠습니다.',
];

/** Official comments by a department's staff; {D} is the department's name. */
export const OFFICIAL_COMMENTS = [
  '{D}입니다. 말씀하신 곳은 이번 주 안에 현장을 확인하겠습니다.',
  '{D}입니다. 관련 예산과 일정을 검토한 뒤 공식 답변을 드리겠습니다.',
  '{D}입니다. 좋은 의견 감사합니다. 담당자가 내용을 살펴보고 있습니다.',
  '{D}입니다. 현장 사진을 보내 주시면 검토에 큰 도움이 됩니다.',
];

/** Official answers by the status they set; {D} the department, rendered per facility. */
const ANSWERS: Record<string, string[]> = {
  UNDER_REVIEW: [
    '{D}입니다. 제안해 주신 {F} 관련 내용을 현장 확인 후 검토하고 있습니다. 결과는 다시 알려 드리겠습니다.',
    '{D}입니다. {F} 문제에 공감하며, 관련 부서와 예산을 협의하고 있습니다.',
    '{D}입니다. {F}에 대한 주민 의견을 더 듣기 위해 검토 기간이 필요합니다. 양해 부탁드립니다.',
  ],
  ACCEPTED: [
    '{D}입니다. 제안을 받아들여 {F:을} 개선하기로 했습니다. 올해 하반기 사업에 반영하겠습니다.',
    '{D}입니다. 현장을 확인한 결과 {F} 정비가 필요하다고 판단했습니다. 설계를 시작하겠습니다.',
    '{D}입니다. 좋은 제안 감사합니다. {F} 개선 사업을 추진하겠습니다.',
  ],
  REJECTED: [
    '{D}입니다. 검토 결과 {F:과} 관련해 현재 예산과 부지 여건상 추진이 어렵습니다. 양해 부탁드립니다.',
    '{D}입니다. {F:은} 관련 법령상 시가 직접 설치하기 어려운 시설입니다. 대신 다른 방안을 찾아보겠습니다.',
    '{D}입니다. 인근에 이미 비슷한 시설이 있어 이번에는 반영하지 않기로 했습니다.',
  ],
  IN_PROGRESS: [
    '{D}입니다. {F} 공사를 시작했습니다. 공사 기간 동안 불편을 드려 죄송합니다.',
    '{D}입니다. {F} 정비 업체를 선정하고 작업에 들어갔습니다.',
    '{D}입니다. {F} 개선 작업이 진행 중입니다. 진행 상황을 계속 알려 드리겠습니다.',
  ],
  IMPLEMENTED: [
    '{D}입니다. {F} 개선을 마쳤습니다. 제안해 주셔서 감사합니다.',
    '{D}입니다. {F} 정비가 끝났습니다. 이용하시면서 불편한 점이 있으면 다시 알려 주세요.',
    '{D}입니다. 요청하신 {F} 작업을 완료했습니다.',
  ],
};

/** Progress updates; {N} is the percentage, filled in by the SQL. */
const PROGRESS = [
  '{F} 설계를 마치고 자재를 주문했습니다. 진행률 {N}%입니다.',
  '{F} 현장 작업을 진행하고 있습니다. 진행률 {N}%입니다.',
  '{F} 작업의 주요 공정을 마쳤습니다. 진행률 {N}%입니다.',
];

export const RATING_COMMENTS_GOOD = [
  '빠른 답변 감사합니다.',
  '약속을 지켜 주셔서 고맙습니다.',
  '주민 의견을 들어 주셔서 감사합니다.',
];
export const RATING_COMMENTS_BAD = [
  '답변이 너무 늦었습니다.',
  '결과가 아쉽습니다. 다시 검토해 주세요.',
  '구체적인 계획이 없어 실망스럽습니다.',
];

/** Workshops: titles by kind ({P} the neighbourhood), descriptions, places, outcomes. */
const WORKSHOP_TITLES: Record<string, string[]> = {
  DESIGN_CAMP: ['{P} {F} 주민 디자인 캠프', '아이들과 함께하는 {F} 디자인 캠프'],
  ROUNDTABLE: ['{F} 개선을 위한 원탁회의', '{P} {F} 주민 원탁회의'],
  INTERVIEW: ['{F} 이용자 인터뷰', '{W:과} 함께하는 {F} 심층 인터뷰'],
  TOWN_HALL: ['{P} 타운홀 미팅: {F}', '{F} 주민 설명회'],
  OTHER: ['{F} 현장 답사', '{P} {F} 함께 걷기'],
};
const WORKSHOP_DESCRIPTIONS = [
  '{F}에 대해 주민과 담당 공무원이 함께 이야기하는 자리입니다. 누구나 참여할 수 있습니다.',
  '{F:을} 직접 이용하는 {W}의 경험을 듣고 개선 방향을 찾습니다. 간단한 다과가 준비됩니다.',
  '{F} 현장을 함께 둘러보고 불편한 점을 지도에 표시합니다. 편한 신발을 신고 오세요.',
  '지난 제안들을 바탕으로 {F} 개선안을 함께 그려 봅니다. 필기도구는 준비해 드립니다.',
];
const WORKSHOP_OUTCOMES = [
  '참석자들이 {F}의 문제점을 정리하고 우선 개선할 곳 세 군데를 골랐습니다. 결과는 담당 부서의 사업 계획에 반영됩니다.',
  '{F} 개선안 두 가지를 두고 토론한 끝에 주민 의견이 많은 안을 선택했습니다. 다음 회의에서 세부 설계를 논의합니다.',
  '{W}의 의견을 모아 {F} 이용 안내를 새로 만들기로 했습니다.',
];
export const WORKSHOP_LOCATIONS = [
  '남원시청 대회의실',
  '{P} 행정복지센터 2층 회의실',
  '춘향테마파크 야외무대',
  '남원시립도서관 세미나실',
  '{P} 마을회관',
  '노인복지관 강당',
  '광한루원 앞 광장 천막',
];

/** A small seeded generator (mulberry32): the same pools on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last syllable's final consonant (받침): 0 none, 8 ㄹ, others by their index. */
function finalConsonant(word: string): number {
  const last = word.trim().at(-1) ?? '';
  // Latin letters as Koreans read them: CCTV is 씨씨티비, no final consonant.
  if (/[A-Za-z]/.test(last)) return 0;
  const code = last.charCodeAt(0);
  if (code < 0xac00 || code > 0xd7a3) return 0;
  return (code - 0xac00) % 28;
}

/** `word` with `particle` (given in its after-a-consonant form) in the form its ending needs. */
export function withParticle(word: string, particle: string): string {
  const jong = finalConsonant(word);
  const consonant = jong !== 0;
  switch (particle) {
    case '이':
      return word + (consonant ? '이' : '가');
    case '을':
      return word + (consonant ? '을' : '를');
    case '은':
      return word + (consonant ? '은' : '는');
    case '과':
      return word + (consonant ? '과' : '와');
    case '으로':
      return word + (consonant && jong !== 8 ? '으로' : '로');
    default:
      throw new Error(`unknown particle ${particle}`);
  }
}

/** Fills {F} and {W} (with their particles); leaves {P}, {D} and {N} for the SQL. */
function render(template: string, facility: string, who: string): string {
  return template.replace(/\{([FW])(?::([^}]+))?\}/g, (_, slot: string, particle?: string) => {
    const word = slot === 'F' ? facility : who;
    return particle ? withParticle(word, particle) : word;
  });
}

/** One facility with every sentence about it, rendered: a row of the SQL's facility table. */
export interface FacilityText {
  /** 0-based, the order of the facility table. */
  id: number;
  word: string;
  category: string;
  department: number;
  topic: string;
  /** In proposals per 100,000. */
  weight: number;
  titles: string[];
  problems: string[];
  requests: string[];
  comments: string[];
  answersUnderReview: string[];
  answersAccepted: string[];
  answersRejected: string[];
  answersInProgress: string[];
  answersImplemented: string[];
  progress: string[];
  workshopTitles: string[];
  workshopKinds: string[];
  workshopDescriptions: string[];
  workshopOutcomes: string[];
}

/**
 * Every facility with its sentences rendered. Weights are scaled so that they add up to
 * 100,000: the share of a facility is its weight / 100,000, whatever the scale.
 */
export function facilityTexts(): FacilityText[] {
  const random = generator(20260);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: FacilityText[] = [];
  for (const category of CATEGORIES) {
    const total = category.facilities.reduce((s, f) => s + f.weight, 0);
    for (const facility of category.facilities) {
      const who = () => pick(category.who);
      const each = (templates: readonly string[]) =>
        templates.map((t) => render(t, facility.word, who()));
      const kinds = Object.keys(WORKSHOP_TITLES);
      const workshopTitles: string[] = [];
      const workshopKinds: string[] = [];
      for (const kind of kinds) {
        for (const title of WORKSHOP_TITLES[kind]!) {
          workshopTitles.push(render(title, facility.word, who()));
          workshopKinds.push(kind);
        }
      }
      out.push({
        id: out.length,
        word: facility.word,
        category: category.key,
        department: category.department,
        topic: category.topic,
        weight: (category.share * 1000 * facility.weight) / total,
        titles: each(category.titles),
        problems: each(category.problems),
        requests: each(category.requests),
        comments: each(category.comments),
        answersUnderReview: each(ANSWERS.UNDER_REVIEW!),
        answersAccepted: each(ANSWERS.ACCEPTED!),
        answersRejected: each(ANSWERS.REJECTED!),
        answersInProgress: each(ANSWERS.IN_PROGRESS!),
        answersImplemented: each(ANSWERS.IMPLEMENTED!),
        progress: each(PROGRESS),
        workshopTitles,
        workshopKinds,
        workshopDescriptions: each(WORKSHOP_DESCRIPTIONS),
        workshopOutcomes: each(WORKSHOP_OUTCOMES),
      });
    }
  }
  // Integer weights adding up to exactly 100,000 (largest remainders).
  const floors = out.map((f) => Math.floor(f.weight));
  let missing = 100_000 - floors.reduce((s, w) => s + w, 0);
  const byRemainder = out
    .map((f, i) => ({ i, r: f.weight - floors[i]! }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    floors[i]! += 1;
  }
  out.forEach((f, i) => (f.weight = floors[i]!));
  return out;
}

/** The share of proposals (0..1) whose facility noun contains `word`. */
export function expectedShare(word: string): number {
  return (
    facilityTexts()
      .filter((f) => f.word.includes(word))
      .reduce((s, f) => s + f.weight, 0) / 100_000
  );
}
