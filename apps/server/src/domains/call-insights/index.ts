import type { AnyRoute } from '../../platform/http/route.ts';
import { aiSettingsRoutes } from './settings.routes.ts';
import { suggestionsRoutes } from './suggestions.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const callInsightsRoutes: AnyRoute[] = [...suggestionsRoutes, ...aiSettingsRoutes];

export { callSuggestions } from './suggestions.service.ts';
