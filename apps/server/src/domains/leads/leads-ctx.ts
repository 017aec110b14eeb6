import type { ServiceCtx } from '../../platform/http/service-ctx.ts';

/** What a leads service needs from a request (the leads domain does not use deps). */
export type LeadsCtx = Omit<ServiceCtx, 'deps'>;

export { serviceCtx as leadsCtx, actorOf } from '../../platform/http/service-ctx.ts';
