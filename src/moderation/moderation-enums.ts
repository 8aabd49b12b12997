import { registerEnumType } from '@nestjs/graphql';

export enum ReportReason {
  SPAM = 'SPAM',
  OFFENSIVE = 'OFFENSIVE',
  PERSONAL_INFORMATION = 'PERSONAL_INFORMATION',
  OFF_TOPIC = 'OFF_TOPIC',
  OTHER = 'OTHER',
}
registerEnumType(ReportReason, { name: 'ReportReason' });

export enum ModerationAction {
  HIDE = 'HIDE',
  RESTORE = 'RESTORE',
}
registerEnumType(ModerationAction, {
  name: 'ModerationAction',
  valuesMap: {
    HIDE: { description: 'Hide the content (or confirm an automatic hide).' },
    RESTORE: {
      description:
        'Show the content again (or keep it shown, dismissing its reports); only reports made after it count toward hiding it again.',
    },
  },
});
