// Placeholder wired into the router; replaced by the feature's real page.
export function VoicemailSettings() {
  return <div className="text-sm text-muted">VoicemailSettings</div>;
}
