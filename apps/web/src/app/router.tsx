import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './Layout.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { SignupPage } from '../features/auth/SignupPage.tsx';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/PasswordResetPages.tsx';
import { InvitePage } from '../features/auth/InvitePage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { WorkspaceSettings, WorkspacesSettings } from '../features/settings/WorkspaceSettings.tsx';
import { MembersSettings } from '../features/settings/MembersSettings.tsx';
import { ApiKeysSettings } from '../features/settings/ApiKeysSettings.tsx';
import { MailboxPage } from '../features/mailbox/MailboxPage.tsx';
import { leadsRoutes } from '../features/leads/routes.tsx';
import { importRoutes } from '../features/imports/routes.tsx';
import { PipelineSettings } from '../features/pipeline/PipelineSettings.tsx';
import { dialerRoutes } from '../features/dialer/routes.tsx';
import { powerRoutes } from '../features/power-dialer/routes.tsx';
import { reviewRoutes } from '../features/review/routes.tsx';
import { playbookRoutes } from '../features/playbook/routes.tsx';
import { dashboardRoutes } from '../features/dashboard/routes.tsx';
import { briefRoutes } from '../features/weekly-brief/routes.tsx';
import { NotificationsSettings } from '../features/weekly-brief/NotificationsSettings.tsx';
import { CallsPage } from '../features/calls/CallsPage.tsx';
import { DialerSettingsPage } from '../features/dialer/DialerSettingsPage.tsx';
import { TelephonySettings } from '../features/settings/TelephonySettings.tsx';
import { NumbersSettings } from '../features/numbers/NumbersSettings.tsx';
import { ScriptsSettings } from '../features/scripts/ScriptsSettings.tsx';
import { SmsTemplatesSettings } from '../features/scripts/SmsTemplatesSettings.tsx';
import { VoicemailSettings } from '../features/scripts/VoicemailSettings.tsx';
import { CalendarSyncSettings } from '../features/caldav/CalendarSyncSettings.tsx';
import { ComplianceSettings } from '../features/settings/ComplianceSettings.tsx';
import { AiSettings } from '../features/settings/AiSettings.tsx';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/invite', element: <InvitePage /> },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/leads" replace /> },
      ...leadsRoutes,
      ...dialerRoutes,
      ...powerRoutes,
      ...reviewRoutes,
      ...playbookRoutes,
      ...dashboardRoutes,
      ...briefRoutes,
      { path: 'calls', element: <CallsPage /> },
      ...importRoutes,
      { path: 'mailbox', element: <MailboxPage /> },
      {
        path: 'settings',
        element: <SettingsPage />,
        children: [
          { index: true, element: <WorkspaceSettings /> },
          { path: 'members', element: <MembersSettings /> },
          { path: 'pipeline', element: <PipelineSettings /> },
          { path: 'dialer', element: <DialerSettingsPage /> },
          { path: 'telephony', element: <TelephonySettings /> },
          { path: 'numbers', element: <NumbersSettings /> },
          { path: 'scripts', element: <ScriptsSettings /> },
          { path: 'sms-templates', element: <SmsTemplatesSettings /> },
          { path: 'voicemail', element: <VoicemailSettings /> },
          { path: 'calendar', element: <CalendarSyncSettings /> },
          { path: 'compliance', element: <ComplianceSettings /> },
          { path: 'notifications', element: <NotificationsSettings /> },
          { path: 'ai', element: <AiSettings /> },
          { path: 'api-keys', element: <ApiKeysSettings /> },
          { path: 'workspaces', element: <WorkspacesSettings /> },
        ],
      },
      { path: '*', element: <div className="p-8 text-sm text-muted">Page not found.</div> },
    ],
  },
]);
