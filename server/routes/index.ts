import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { healthRoutes } from './health.ts';
import { authRoutes } from './auth.ts';
import { staffRoutes } from './staff.ts';
import { signInMethodsRoutes } from './sign-in-methods.ts';
import { auditEventsRoutes } from './audit-events.ts';
import { customersRoutes } from './customers.ts';
import { statusRoutes } from './status.ts';
import { gigsPlansRoutes } from './gigs-plans.ts';
import { gigsAddonsRoutes } from './gigs-addons.ts';
import { gigsSubscriptionsRoutes } from './gigs-subscriptions.ts';
import { connectSessionsRoutes } from './connect-sessions.ts';
import { centraContractsRoutes } from './centra-contracts.ts';
import { centraSubscriptionsRoutes } from './centra-subscriptions.ts';
import { centraProductsRoutes } from './centra-products.ts';
import { plansRoutes } from './plans.ts';
import { openApiRoutes } from './openapi.ts';
import { idempotentActions } from '../http/idempotency.ts';
import { customerNotesRoutes } from './customer-notes.ts';
import { customerTimelineRoutes } from './customer-timeline.ts';

/** Every API router, mounted under /api. One line per resource. */
const resources = new Hono<AppEnv>()
  // Centra's changes have no idempotency of their own: a retry with the same Idempotency-Key answers the first result.
  .use('/centra-contracts/*', idempotentActions())
  .use('/centra-subscriptions/*', idempotentActions())
  .route('/', healthRoutes)
  .route('/', authRoutes)
  .route('/', staffRoutes)
  .route('/', signInMethodsRoutes)
  .route('/', auditEventsRoutes)
  .route('/', customersRoutes)
  .route('/', statusRoutes)
  .route('/', gigsPlansRoutes)
  .route('/', gigsAddonsRoutes)
  .route('/', gigsSubscriptionsRoutes)
  .route('/', connectSessionsRoutes)
  .route('/', centraContractsRoutes)
  .route('/', centraSubscriptionsRoutes)
  .route('/', centraProductsRoutes)
  .route('/', plansRoutes)
  .route('/', customerNotesRoutes)
  .route('/', customerTimelineRoutes);

/** The resources, and their OpenAPI description generated from them (itself included). */
export const apiRoutes = resources.route('/', openApiRoutes(resources));
