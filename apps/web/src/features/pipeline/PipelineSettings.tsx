// Replaced by the pipeline stage editor.
export function PipelineSettings() {
  return null;
}
