/** 여러 곳에서 쓰는 문구: 개수(ICU 복수 규칙), 기본 이름. */
export const common = {
  'common.comments': '댓글 {count, number}개',
  'common.supports': '공감 {count, number}개',
} as const;
