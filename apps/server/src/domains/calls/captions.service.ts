import type { CallCaptions } from '@flywheel/contracts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import type { ServiceCtx } from '../../platform/http/service-ctx.ts';
import { getSandboxCarrier } from '../../platform/providers/sandbox-carrier/index.ts';
import { sampleTranscript } from '../../platform/providers/sandbox-carrier/transcripts.ts';
import { transcriptFromText } from '../../platform/providers/telephony/webhook/transcript.ts';

/**
 * Captions for the simulated device: the conversation the in-process sandbox carrier planned for
 * this call (the same text it sends as the transcription afterwards), turned into timed turns the
 * same way the transcription webhook is, and scaled to the carrier's clock (real seconds).
 */
export async function sandboxCaptions(ctx: ServiceCtx, id: string): Promise<CallCaptions> {
  const { rows } = await ctx.tx((tx) =>
    tx.query<{ provider: string; provider_call_id: string | null; answered_at: Date | null }>(
      'SELECT provider, provider_call_id, answered_at FROM call_sessions WHERE workspace_id = $1 AND id = $2',
      [ctx.workspaceId, id],
    ),
  );
  const call = rows[0];
  if (!call) throw notFound('Call');
  if (call.provider !== 'sandbox') throw conflict('Captions come from the sandbox carrier; this call went through a real provider (its transcript arrives after the call).');
  const carrier = ctx.deps.config.sandboxCarrier.url ? null : getSandboxCarrier(ctx.deps);
  const plan = call.provider_call_id && carrier ? carrier.plan(call.provider_call_id) : null;
  if (!plan) throw conflict('The sandbox carrier no longer knows this call (it ended a while ago or runs in another process).');
  if (plan.outcome !== 'human') return { callSessionId: id, answeredAt: call.answered_at?.toISOString() ?? null, turns: [] };
  const scale = carrier!.timeScale;
  const turns = transcriptFromText(sampleTranscript(plan.transcript, 'human')).map((t) => ({
    ...t, start: Math.round(t.start * scale * 10) / 10, end: Math.round(t.end * scale * 10) / 10,
  }));
  return { callSessionId: id, answeredAt: call.answered_at?.toISOString() ?? null, turns };
}
