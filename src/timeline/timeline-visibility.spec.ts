import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { seesModerationEvents } from './timeline.service.js';

describe('seesModerationEvents: who sees HIDDEN and RESTORED', () => {
  const viewer = (role: Role, id = `${role}-1`): Viewer => ({
    id,
    role,
    departmentId: role === Role.STAFF ? 'dept' : null,
    suspendedUntil: null,
    locale: null,
    sessionId: 's',
  });
  const proposal = { authorId: 'author' };

  it('the author, moderators and admins', () => {
    expect(seesModerationEvents(viewer(Role.CITIZEN, 'author'), proposal)).toBe(true);
    expect(seesModerationEvents(viewer(Role.MODERATOR), proposal)).toBe(true);
    expect(seesModerationEvents(viewer(Role.ADMIN), proposal)).toBe(true);
  });

  it('nobody else: anonymous, other citizens, staff', () => {
    expect(seesModerationEvents(null, proposal)).toBe(false);
    expect(seesModerationEvents(viewer(Role.CITIZEN), proposal)).toBe(false);
    expect(seesModerationEvents(viewer(Role.STAFF), proposal)).toBe(false);
  });
});
