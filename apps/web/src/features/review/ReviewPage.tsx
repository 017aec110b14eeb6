/** Review: Quick batch and Deep dive over the workspace's calls (built in issue 5). */
export function ReviewPage() {
  return <div className="p-8 text-sm text-muted">Review</div>;
}
