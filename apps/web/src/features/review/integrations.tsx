// The other features the Review page embeds (Playbook's PromoteModal, the AI helper's
// SuggestionsCard, Experiments' panel and create modal), in one place.
export { PromoteModal } from '../playbook/PromoteModal.tsx';
export { ExperimentsPanel } from '../experiments/ExperimentsPanel.tsx';
export { CreateExperimentModal } from '../experiments/CreateExperimentModal.tsx';

type Criterion = 'opening' | 'discovery' | 'control' | 'objections' | 'close' | 'nextStep';
export interface SuggestionsCardProps {
  callSessionId: string;
  onAcceptTags(tags: string[]): void;
  onAcceptScores(scores: Partial<Record<Criterion, number>>): void;
  onUseSnippet(s: { start: number; end: number; text: string }): void;
}
export function SuggestionsCard(_p: SuggestionsCardProps) {
  return null;
}
