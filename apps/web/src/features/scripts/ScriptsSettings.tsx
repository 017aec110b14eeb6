// Placeholder wired into the router; replaced by the feature's real page.
export function ScriptsSettings() {
  return <div className="text-sm text-muted">ScriptsSettings</div>;
}
