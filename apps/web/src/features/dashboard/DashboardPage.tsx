/** Dashboard: long-term trends only (built in issue 5). */
export function DashboardPage() {
  return <div className="p-8 text-sm text-muted">Dashboard</div>;
}
