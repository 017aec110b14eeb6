import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { BarChart3, BookOpenCheck, Building2, ClipboardCheck, FileUp, Inbox, LogOut, Moon, Phone, PhoneCall, Settings, Sun, Users } from 'lucide-react';
import { toast } from 'sonner';
import { useEffect } from 'react';
import { api } from './api.ts';
import { hasRole, useMe, useSignOut, type Role } from './session.tsx';
import { useTheme } from './theme.ts';
import { cn, Logo, Spinner } from '../ui/index.ts';
import { PowerDock } from '../features/power-dialer/PowerDock.tsx';
import { VoiceProvider } from '../features/voice/VoiceProvider.tsx';
import { useCallbackReminderToasts } from '../features/caldav/CalendarSyncSettings.tsx';

const NAV: { to: string; label: string; icon: typeof Users; key: string; minRole?: Role }[] = [
  { to: '/leads', label: 'Leads', icon: Users, key: 'l' },
  { to: '/dialer', label: 'Dialer', icon: PhoneCall, key: 'd' },
  { to: '/review', label: 'Review', icon: ClipboardCheck, key: 'r' },
  { to: '/playbook', label: 'Playbook', icon: BookOpenCheck, key: 'p' },
  { to: '/dashboard', label: 'Dashboard', icon: BarChart3, key: 'b' },
  { to: '/calls', label: 'Calls', icon: Phone, key: 'c' },
  { to: '/import', label: 'Import', icon: FileUp, key: 'i', minRole: 'manager' }, // the server lets managers+ import
  { to: '/mailbox', label: 'Mailbox', icon: Inbox, key: 'm' },
  { to: '/settings', label: 'Settings', icon: Settings, key: 's' },
];

/** Signed-in shell: left sidebar (workspace switcher, navigation, theme, sign out) and the page. */
export function Layout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [theme, toggleTheme] = useTheme();
  const signOut = useSignOut();
  useCallbackReminderToasts(); // "callback in 10 min" toasts, on every page

  // "g" then a letter jumps between sections (g l = Leads, g i = Import …)
  useEffect(() => {
    let armed = false;
    let timer: ReturnType<typeof setTimeout>;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, [contenteditable]') || e.metaKey || e.ctrlKey || e.altKey) return;
      if (armed) {
        const item = NAV.find((n) => n.key === e.key);
        armed = false;
        if (item) navigate(item.to);
        return;
      }
      if (e.key === 'g') {
        armed = true;
        clearTimeout(timer);
        timer = setTimeout(() => (armed = false), 1200);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  if (me.isLoading) return <div className="flex h-full items-center justify-center"><Spinner /></div>;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const active = me.data.workspaces.find((w) => w.id === me.data!.activeWorkspaceId);

  async function switchTo(id: string) {
    await api.post('/api/v1/workspaces/switch', { workspaceId: id });
    qc.clear();
    toast.success(`Switched to ${me.data!.workspaces.find((w) => w.id === id)?.name}`);
    navigate('/leads');
  }

  return (
    <VoiceProvider workspaceId={active?.id ?? null}>
    <div className="flex h-full">
      <aside className="flex w-56 shrink-0 flex-col border-r border-default bg-panel">
        <Logo className="px-4 py-3" />
        <div className="px-3 pb-2">
          <label htmlFor="ws-switch" className="sr-only">Workspace</label>
          <div className="flex items-center gap-1.5 rounded-md border border-default px-2">
            <Building2 aria-hidden className="h-4 w-4 text-muted" />
            <select
              id="ws-switch"
              className="h-8 w-full bg-transparent text-sm focus:outline-none"
              value={active?.id ?? ''}
              onChange={(e) => (e.target.value === '__new' ? navigate('/settings/workspaces') : void switchTo(e.target.value))}
            >
              {!active && <option value="">No workspace</option>}
              {me.data.workspaces.map((w) => (
                <option key={w.id} value={w.id}>{w.name}</option>
              ))}
              <option value="__new">+ New workspace…</option>
            </select>
          </div>
        </div>
        <nav aria-label="Main" className="flex-1 space-y-0.5 px-2">
          {NAV.filter((n) => !n.minRole || hasRole(me.data, n.minRole)).map(({ to, label, icon: Icon }) => (
            <NavLink key={to} to={to} className={({ isActive }) => cn('flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm', isActive ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'text-muted hover:bg-panel-2 hover:text-[var(--text)]')}>
              <Icon aria-hidden className="h-4 w-4" />
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="space-y-1 border-t border-default p-2">
          <button type="button" onClick={toggleTheme} className="flex w-full items-center gap-2 rounded-md px-2.5 py-1.5 text-sm text-muted hover:bg-panel-2" aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? <Sun className="h-4 w-4" /> : <Moon className="h-4 w-4" />}
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <div className="flex items-center justify-between gap-2 px-2.5 py-1">
            <div className="min-w-0">
              <div className="truncate text-sm font-medium">{me.data.user.name || me.data.user.email}</div>
              <div className="truncate text-xs text-muted">{me.data.role ?? 'no role'}</div>
            </div>
            <button type="button" onClick={() => void signOut()} aria-label="Sign out" title="Sign out" className="rounded p-1 text-muted hover:bg-panel-2">
              <LogOut className="h-4 w-4" />
            </button>
          </div>
        </div>
      </aside>
      <main className="flex min-w-0 flex-1 flex-col overflow-hidden">
        {active && <PowerDock />}
        {active ? <Outlet /> : <div className="p-8 text-sm text-muted">You are not a member of any workspace yet. Create one in <NavLink className="text-brand-600 underline" to="/settings/workspaces">Settings</NavLink>, or open an invitation link.</div>}
      </main>
    </div>
    </VoiceProvider>
  );
}
