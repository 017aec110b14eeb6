-- Lead list sorts served by an index in both directions at 100k leads.
--
-- An empty value sorts as if it were the extreme it means: never touched = longest ago, no value =
-- smallest, no next task = furthest away. So ascending last_touched_at lists never-touched leads
-- first (the stalest), and each column needs one index, scanned forward or backward, with the id
-- tie-breaker in the same direction. These replace 0001's indexes on the same columns.
DROP INDEX IF EXISTS leads_ws_touched_idx;
CREATE INDEX leads_ws_touched_idx ON leads (workspace_id, last_touched_at DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
DROP INDEX IF EXISTS leads_ws_next_task_idx;
CREATE INDEX leads_ws_next_task_idx ON leads (workspace_id, next_task_at ASC NULLS LAST, id ASC) WHERE deleted_at IS NULL;
CREATE INDEX leads_ws_value_idx ON leads (workspace_id, value DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
