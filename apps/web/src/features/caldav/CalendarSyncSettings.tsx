// Placeholder wired into the router; replaced by the feature's real page.
export function CalendarSyncSettings() {
  return <div className="text-sm text-muted">CalendarSyncSettings</div>;
}
