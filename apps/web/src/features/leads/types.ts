// The leads API contract (packages/contracts/src/leads.ts); types only, nothing of zod ships to the browser.
import type { BoardResponse, LeadFacets, TimelineActivity } from '@flywheel/contracts';

export type { Contact, LeadDetail, LeadListItem, SavedView, Stage } from '@flywheel/contracts';

export type StageKind = 'open' | 'won' | 'lost';
export type TimelineEntry = TimelineActivity;
export type Facets = LeadFacets;
export type FacetValue = LeadFacets['tags'][number];
export type BoardColumn = BoardResponse['stages'][number];
export type BulkAction = 'assign' | 'tag' | 'untag' | 'stage' | 'delete' | 'restore';

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
}
