export { SuggestionsCard, suggestionsKey, type SuggestionsCardProps } from './SuggestionsCard.tsx';
