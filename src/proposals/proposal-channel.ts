import { registerEnumType } from '@nestjs/graphql';

/**
 * How a proposal reached the city: online by its author, or taken down for a citizen by an API
 * client (the 120 call centre by phone, a kiosk, a visit to the service desk).
 */
export enum ProposalChannel {
  ONLINE = 'ONLINE',
  PHONE = 'PHONE',
  KIOSK = 'KIOSK',
  VISIT = 'VISIT',
}
registerEnumType(ProposalChannel, { name: 'ProposalChannel' });
