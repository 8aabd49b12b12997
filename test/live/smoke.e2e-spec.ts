import { LiveChannel } from '../../src/core/live/live-events.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { connectLive, listen, waitForSubscribers } from '../helpers/live-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t.app);
});
afterAll(() => t.close());

it('delivers proposalUpdated and notificationAdded after a support and a comment', async () => {
  const author = await createUser(t.db, t.jwt);
  const citizen = await createUser(t.db, t.jwt);
  const proposal = await createProposal(t.db, author.user.id);
  const id = toGlobalId('Proposal', proposal.id);

  const anonymous = connectLive(url);
  const own = connectLive(url, { authorization: `Bearer ${author.token}` });
  const updates = anonymous.subscribe(
    'subscription($id: ID!) { proposalUpdated(id: $id) { id supportCount commentCount } }',
    { id },
  );
  const inbox = own.subscribe('subscription { notificationAdded { kind message subject { id } } }');
  await waitForSubscribers(t.app, LiveChannel.proposal(proposal.id));
  await waitForSubscribers(t.app, LiveChannel.notifications(author.user.id));

  const supported = await t.gql(
    'mutation($id: ID!) { supportProposal(id: $id) { id } }',
    { id },
    citizen.token,
  );
  expect(supported.errors).toBeUndefined();
  expect((await updates.next()).data).toEqual({
    proposalUpdated: { id, supportCount: 1, commentCount: 0 },
  });

  const commented = await t.gql(
    'mutation($input: AddCommentInput!) { addComment(input: $input) { id } }',
    { input: { subjectId: id, body: '좋은 생각입니다' } },
    citizen.token,
  );
  expect(commented.errors).toBeUndefined();
  expect((await updates.next()).data).toEqual({
    proposalUpdated: { id, supportCount: 1, commentCount: 1 },
  });
  const note = await inbox.next();
  expect(note.errors).toBeUndefined();
  expect(note.data.notificationAdded).toMatchObject({
    kind: 'COMMENT_ON_PROPOSAL',
    subject: { id: commented.data.addComment.id },
  });

  const list = await t.gql(
    '{ notifications { totalCount unreadCount nodes { kind } } }',
    {},
    author.token,
  );
  expect(list.errors).toBeUndefined();
  expect(list.data.notifications).toEqual({
    totalCount: 1,
    unreadCount: 1,
    nodes: [{ kind: 'COMMENT_ON_PROPOSAL' }],
  });

  const privateAnon = anonymous.subscribe('subscription { notificationAdded { kind } }');
  expect(await privateAnon.next()).toMatchObject({
    errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
  });
  await anonymous.close();
  await own.close();
});
