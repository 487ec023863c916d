import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext, recordCustomerView } from '../http/audit-context.ts';
import { AppError, badRequest, notFound } from '../http/errors.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { addressBody, COUNTRY_RULE, numericId } from '../centra/schemas.ts';
import { ADDRESS_LABELS } from '../centra/address-fields.ts';
import { locateContract } from '../centra/owner.ts';
import { contractView } from '../centra/view.ts';
import { changeAddress } from '../centra/actions.ts';

const listSchema = listQuery({
  sortable: ['id', 'createdAt'] as const,
  filter: z.strictObject({ customerId: z.string({ error: "is required: contracts are listed per customer (subdesk's customer id)" }).max(64) }),
  defaultSort: ['id', 'ASC'],
});

/**
 * Centra has no country field on an address change; a request carrying one is refused before
 * validation with the rule and the way out, instead of a bare "unknown field".
 */
async function refuseCountry(c: Context<AppEnv>, next: () => Promise<void>) {
  const body = await c.req.json().catch(() => null);
  if (body && typeof body === 'object' && !Array.isArray(body) && 'country' in body) {
    throw new AppError(400, COUNTRY_RULE, { country: 'cannot be changed; cancel and check out again in the new country' }, 'countryImmutable');
  }
  await next();
}

/** Reading a contract shows a customer's personal data: one `customer.view` entry, as the customer page does. */
const recordView = (c: Context<AppEnv>, customerId: string, target: { type: string; id: string }) => recordCustomerView(c, { target, customerId });

/**
 * Centra subscription contracts, by Centra's own id, read live with the rule previews; the
 * address change. Support and admin only. Which customer owns a contract comes from the customer
 * index (server/centra/owner.ts).
 */
export const centraContractsRoutes = new Hono<AppEnv>()
  .get('/centra-contracts', allow('centra-contracts', 'list'), validate('query', listSchema), async (c) => {
    const q = c.req.valid('query');
    const deps = c.get('deps');
    if (!q.filter.customerId)
      throw badRequest('Contracts are listed per customer: add filter {"customerId": "cus_..."}.', { 'filter.customerId': 'is required' });
    const owner = await deps.customers.lookup.centraOwner(q.filter.customerId);
    if (!owner) throw notFound('That customer');
    const [contracts, products] = await Promise.all([deps.centra.getContracts(owner.centraEmail), deps.centra.listProducts()]);
    await recordView(c, owner.customerId, { type: 'customer', id: owner.customerId });
    const now = deps.clock();
    const rows = contracts
      .map((k) => contractView(k, owner.customerId, products, now))
      .sort(
        (a, b) =>
          (q.sort.order === 'ASC' ? 1 : -1) *
          (q.sort.field === 'createdAt' ? String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')) || a.id - b.id : a.id - b.id),
      );
    return sendPage(c, 'centra-contracts', q.start, rows.slice(q.start, q.start + q.limit), rows.length);
  })
  .get('/centra-contracts/:id', allow('centra-contracts', 'show'), validate('param', numericId), async (c) => {
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const [located, products] = await Promise.all([locateContract(deps, id), deps.centra.listProducts()]);
    await recordView(c, located.customerId, { type: 'centra-contract', id: String(id) });
    return c.json(contractView(located.contract, located.customerId, products, deps.clock()));
  })
  .put(
    '/centra-contracts/:id/address',
    allow('centra-contracts', 'edit'),
    validate('param', numericId),
    refuseCountry,
    validate('json', addressBody, ADDRESS_LABELS),
    async (c) => {
      const { id } = c.req.valid('param');
      const deps = c.get('deps');
      const contract = await changeAddress(auditContext(c), deps, id, c.req.valid('json'));
      return c.json({ ...contract, message: `The shipping address of contract ${id} was changed; it applies to every subscription on it.` });
    },
  );
