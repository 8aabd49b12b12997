/**
 * 시스템이 남기는 기록(관리자와 운영자가 읽는 운영 기록, 감사 기록의 메모). 영어로 저장되고, 읽을 때
 * 읽는 사람의 언어로 바뀐다(text.ts의 systemNoteText). 단순한 인수만 쓴다.
 */
export const notes = {
  'systemNote.autoHidden': '{count}명이 신고해 자동으로 숨겼습니다.',
} as const;
