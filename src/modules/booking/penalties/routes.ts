import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { penaltiesQuerySchema, penaltyListSchema, penaltyRuleInputSchema, penaltyRulePatchSchema, penaltyRuleSchema, penaltySchema } from '../contracts.ts';
import type { PenaltiesService } from './service.ts';

const tags = ['Booking'];
const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema };

/** Settings › Penalty rules, and the penalties they applied (a customer's profile), mounted at /api/v1. */
export function penaltiesRoutes(service: PenaltiesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/penalty-rules',
      { config: { access: 'booking:read' }, schema: { tags, response: { 200: z.object({ items: z.array(penaltyRuleSchema) }) } } },
      async (req) => ({ items: await service.listRules(ctxOf(req)) }),
    );
    app.post(
      '/penalty-rules',
      { config: { access: 'booking:settings' }, schema: { tags, body: penaltyRuleInputSchema, response: { 201: penaltyRuleSchema, 400: problemSchema } } },
      async (req, reply) => reply.code(201).send(await service.createRule(ctxOf(req), req.body)),
    );
    app.patch(
      '/penalty-rules/:id',
      { config: { access: 'booking:settings' }, schema: { tags, params: idParamSchema, body: penaltyRulePatchSchema, response: { 200: penaltyRuleSchema, ...errors } } },
      (req) => service.updateRule(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/penalty-rules/:id',
      {
        config: { access: 'booking:settings' },
        schema: { tags, description: 'Removes the rule; a rule that already applied penalties is turned off instead.', params: idParamSchema },
      },
      async (req, reply) => {
        await service.deleteRule(ctxOf(req), req.params.id);
        return reply.code(204).send();
      },
    );
    app.get(
      '/penalties',
      { config: { access: 'booking:read' }, schema: { tags, querystring: penaltiesQuerySchema, response: { 200: penaltyListSchema, 400: problemSchema } } },
      (req) => service.listPenalties(ctxOf(req), req.query),
    );
    app.post(
      '/penalties/:id/waive',
      {
        config: { access: 'booking:waive' },
        schema: { tags, description: 'Pending or owed: waived. Charged: refunded to the card, then waived.', params: idParamSchema, response: { 200: penaltySchema, ...errors, 422: problemSchema, 503: problemSchema } },
      },
      (req) => service.waive(ctxOf(req), req.params.id),
    );
  };
}
