-- Imports: a heartbeat so that exactly one worker runs an import. A job redelivered while the first
-- run is still alive (pg-boss expires long-running jobs and retries them) finds a fresh heartbeat
-- and leaves the import alone; a run whose process died goes stale and the next delivery resumes it.
ALTER TABLE imports ADD COLUMN heartbeat_at timestamptz;
