import type { MessagingSettings } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest } from '../../platform/http/errors.ts';

/** Until an admin writes their own: who is texting and how to stop it (CTIA asks for both). */
export const defaultHelpText = (workspaceName: string) => `${workspaceName}: you are receiving texts from us. Reply STOP to opt out. Msg & data rates may apply.`.slice(0, 320);

interface Row {
  help_text: string;
  auto_exhausted_enabled: boolean;
  auto_exhausted_template_id: string | null;
  auto_missed_call_enabled: boolean;
  auto_missed_call_template_id: string | null;
}

export async function readMessagingSettings(tx: Sql, ws: string): Promise<MessagingSettings> {
  const r = (await tx.query<Row>('SELECT help_text, auto_exhausted_enabled, auto_exhausted_template_id, auto_missed_call_enabled, auto_missed_call_template_id FROM messaging_settings WHERE workspace_id = $1', [ws])).rows[0];
  const name = r?.help_text ? '' : ((await tx.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [ws])).rows[0]?.name ?? 'Flywheel');
  return {
    helpText: r?.help_text || defaultHelpText(name),
    autoExhausted: { enabled: r?.auto_exhausted_enabled ?? false, templateId: r?.auto_exhausted_template_id ?? null },
    autoMissedCall: { enabled: r?.auto_missed_call_enabled ?? false, templateId: r?.auto_missed_call_template_id ?? null },
  };
}

export async function writeMessagingSettings(tx: Sql, ws: string, s: MessagingSettings): Promise<MessagingSettings> {
  for (const [label, a] of [['exhausted attempts', s.autoExhausted], ['missed call', s.autoMissedCall]] as const) {
    if (a.enabled && !a.templateId) throw badRequest(`Pick the template the auto-SMS after a ${label} sends.`, { templateId: 'Required when on.' });
    if (a.templateId) {
      const t = (await tx.query<{ active: boolean }>('SELECT active FROM sms_templates WHERE workspace_id = $1 AND id = $2', [ws, a.templateId])).rows[0];
      if (!t) throw badRequest(`The template chosen for the auto-SMS after a ${label} does not exist.`, { templateId: 'Unknown template.' });
      if (a.enabled && !t.active) throw badRequest(`The template chosen for the auto-SMS after a ${label} is archived.`, { templateId: 'Archived.' });
    }
  }
  await tx.query(
    `INSERT INTO messaging_settings (workspace_id, help_text, auto_exhausted_enabled, auto_exhausted_template_id, auto_missed_call_enabled, auto_missed_call_template_id)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id) DO UPDATE SET help_text = EXCLUDED.help_text, auto_exhausted_enabled = EXCLUDED.auto_exhausted_enabled,
       auto_exhausted_template_id = EXCLUDED.auto_exhausted_template_id, auto_missed_call_enabled = EXCLUDED.auto_missed_call_enabled,
       auto_missed_call_template_id = EXCLUDED.auto_missed_call_template_id, updated_at = now()`,
    [ws, s.helpText, s.autoExhausted.enabled, s.autoExhausted.templateId, s.autoMissedCall.enabled, s.autoMissedCall.templateId],
  );
  return readMessagingSettings(tx, ws);
}
