import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialerHomeSchema, DialModesResponseSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { DEMO_LOGIN, seedDemo } from '../demo/index.ts';

let t: TestContext;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  // its own database: the demo workspace is one per instance, and demo.test.ts seeds it at a fixed past date
  t = await createTestContext({ isolatedDb: true });
  await seedDemo(t.deps, { ifEmpty: true });
  api = t.as({ cookie: await t.signIn(DEMO_LOGIN.email, DEMO_LOGIN.password) });
}, 120_000);
afterAll(async () => t?.close());

describe(`the demo workspace's Dialer on ${testDbKind}`, () => {
  it('opens on a live Dialer home: follow-ups due, callbacks, something to call in each smart mode', async () => {
    const home = DialerHomeSchema.parse((await api({ method: 'GET', url: '/api/v1/dialer/home' })).json());
    expect(home.followUps.overdue + home.followUps.dueToday).toBeGreaterThan(0);
    expect(home.followUps.upcoming).toBeGreaterThan(0);
    expect(home.callbacksDue.length).toBeGreaterThan(0);
    const modes = Object.fromEntries(DialModesResponseSchema.parse((await api({ method: 'GET', url: '/api/v1/dialer/modes' })).json()).modes.map((m) => [m.mode, m.count]));
    for (const m of ['new', 'followups', 'interested', 'nurture']) expect(modes[m], m).toBeGreaterThan(0);
  });
});
