// Placeholder wired into the router; replaced by the feature's real page.
export function SmsTemplatesSettings() {
  return <div className="text-sm text-muted">SmsTemplatesSettings</div>;
}
