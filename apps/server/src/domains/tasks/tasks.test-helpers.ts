import crypto from 'node:crypto';
import type { MemberRole } from '../../platform/http/route.ts';
import { createUser } from '../identity/index.ts';
import type { TestContext, TestWorkspace } from '../../../test/harness.ts';

/** Adds a signed-in member with a role to a test workspace (their session opens in it). */
export async function addMember(t: TestContext, w: TestWorkspace, role: MemberRole, name = 'Rita Rep') {
  const email = `${role}-${crypto.randomUUID()}@example.test`;
  const password = 'correct horse battery';
  const userId = await createUser(t.db, { email, password, name });
  await t.db.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [w.workspaceId, userId, role]);
  const cookie = await t.signIn(email, password);
  return { userId, cookie, api: t.as({ cookie }) };
}
