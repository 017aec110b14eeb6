import { NavLink } from 'react-router';
import { cn } from './cn.ts';

/** Route-backed tabs: each tab is a link, so the browser's back button and deep links work. */
export function Tabs({ tabs }: { tabs: { to: string; label: string; end?: boolean }[] }) {
  return (
    <nav className="flex gap-1" aria-label="Tabs">
      {tabs.map((t) => (
        <NavLink
          key={t.to}
          to={t.to}
          end={t.end}
          className={({ isActive }) => cn('rounded-md px-2.5 py-1 text-sm', isActive ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'text-muted hover:bg-panel-2')}
        >
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
