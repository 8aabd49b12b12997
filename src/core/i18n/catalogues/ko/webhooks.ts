/** Texts of webhooks (issue 20). */
export const webhooks = {
  'error.forbidden.webhooksForApiClients':
    '웹훅은 API 클라이언트의 것입니다. 클라이언트의 액세스 토큰(webhooks 범위)으로 호출하세요.',
  'error.conflict.tooManyWebhooks':
    'API 클라이언트 하나에는 웹훅을 최대 {maximum}개까지 만들 수 있습니다.',
  'error.notFound.webhookSubscription': '웹훅을 찾을 수 없습니다.',
  'error.notFound.webhookDelivery': '웹훅 전송 기록을 찾을 수 없습니다.',

  'field.webhookUrl': '{field} 항목은 절대 URL이어야 합니다',
  'field.webhookUrlHttps': '{field} 항목은 https URL이어야 합니다',
  'field.webhookUrlCredentials': '{field} 항목에 사용자 이름이나 비밀번호를 넣을 수 없습니다',
  'field.webhookUrlUnresolvable': '{field} 항목의 호스트 이름을 찾을 수 없습니다',
  'field.webhookUrlPrivate':
    '{field} 항목의 호스트가 공개되지 않은 주소(루프백, 사설, 링크 로컬 등)를 가리킵니다',

  'fieldLabel.url': 'URL',
  'fieldLabel.events': '이벤트 종류',

  'webhooks.pausedReason':
    '{eventType} 이벤트(webhook-id {eventId})를 {attempts}번 보냈지만 모두 실패해 멈췄습니다(마지막: {lastError}). 받는 쪽을 고친 뒤 resumeWebhook으로 다시 켜고, 필요하면 redeliverWebhook으로 다시 보내세요.',
  'webhooks.pausedMail.subject': '[원탁] 웹훅이 멈췄습니다: {url}',
  'webhooks.pausedMail.body':
    'API 클라이언트 「{client}」의 웹훅 {url} 이(가) 멈췄습니다.\n\n{reason}',
} as const;
