import type { TestContext, TestWorkspace } from '../harness.ts';
import type { Sample, TenantFixture } from '../authz.samples.ts';

/**
 * One domain's share of the authorization test: resources it creates in workspace A (ids go in
 * fx.extra, so the outsider test aims at them) and a sample request for each of its routes.
 */
export interface AuthzPart {
  build?(t: TestContext, a: TestWorkspace, fx: TenantFixture): Promise<void>;
  samples: Record<string, Sample>;
}
