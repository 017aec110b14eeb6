// The other features the Review page embeds (Playbook's PromoteModal, the AI helper's
// SuggestionsCard, Experiments' panel and create modal), in one place.
export { PromoteModal } from '../playbook/PromoteModal.tsx';
export { ExperimentsPanel } from '../experiments/ExperimentsPanel.tsx';
export { CreateExperimentModal } from '../experiments/CreateExperimentModal.tsx';

export { SuggestionsCard } from '../call-insights/SuggestionsCard.tsx';
