import { Outlet } from 'react-router';
import { PageHeader, Tabs } from '../../ui/index.ts';

export function SettingsPage() {
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader title="Settings">
        <div className="w-full">
          <Tabs
            tabs={[
              { to: '/settings', label: 'Workspace', end: true },
              { to: '/settings/members', label: 'Members' },
              { to: '/settings/pipeline', label: 'Pipeline' },
              { to: '/settings/dialer', label: 'Dialer' },
              { to: '/settings/telephony', label: 'Telephony' },
              { to: '/settings/numbers', label: 'Numbers' },
              { to: '/settings/scripts', label: 'Scripts' },
              { to: '/settings/sms-templates', label: 'SMS templates' },
              { to: '/settings/voicemail', label: 'Voicemail' },
              { to: '/settings/calendar', label: 'Calendar sync' },
              { to: '/settings/compliance', label: 'Compliance' },
              { to: '/settings/notifications', label: 'Notifications' },
              { to: '/settings/ai', label: 'AI' },
              { to: '/settings/api-keys', label: 'API keys' },
              { to: '/settings/workspaces', label: 'Workspaces' },
            ]}
          />
        </div>
      </PageHeader>
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-3xl space-y-4">
          <Outlet />
        </div>
      </div>
    </div>
  );
}
