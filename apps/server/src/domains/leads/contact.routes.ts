import { ContactCreateBodySchema, ContactSchema, ContactUpdateBodySchema, OkResponseSchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { leadsCtx } from './leads-ctx.ts';
import { addContact, makePrimaryContact, removeContact, updateContact } from './contact.service.ts';

const tags = ['contacts'];

export const contactRoutes = [
  defineRoute({
    method: 'POST', url: '/api/v1/leads/:id/contacts', auth: 'workspace', tags,
    summary: "Add a contact to a lead (a lead's first contact becomes primary)",
    params: uuidParam, body: ContactCreateBodySchema, response: ContactSchema, successStatus: 201,
    handler: (c) => addContact(leadsCtx(c), c.params.id, c.body),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/contacts/:id', auth: 'workspace', tags,
    summary: 'Edit a contact',
    params: uuidParam, body: ContactUpdateBodySchema, response: ContactSchema,
    handler: (c) => updateContact(leadsCtx(c), c.params.id, c.body),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/contacts/:id', auth: 'workspace', tags,
    summary: 'Remove a contact (removing the primary promotes the oldest remaining one)',
    params: uuidParam, response: OkResponseSchema,
    handler: (c) => removeContact(leadsCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/contacts/:id/make-primary', auth: 'workspace', tags,
    summary: "Make this the lead's primary contact",
    params: uuidParam, response: ContactSchema,
    handler: (c) => makePrimaryContact(leadsCtx(c), c.params.id),
  }),
];
