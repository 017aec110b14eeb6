// Experiments (issue 5): placed by the Review page (Deep dive tab), the Dialer and the power dialer.
export { CreateExperimentModal, type CreateExperimentModalProps } from './CreateExperimentModal.tsx';
export { ExperimentsPanel } from './ExperimentsPanel.tsx';
export { ExperimentVariantBadge, ItemExperimentBadge } from './ExperimentVariantBadge.tsx';
