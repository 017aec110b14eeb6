/** Playbook: rules, stop signals, drills and objection handlers with their evidence (built in issue 5). */
export function PlaybookPage() {
  return <div className="p-8 text-sm text-muted">Playbook</div>;
}
