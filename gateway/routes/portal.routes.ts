import type Koa from 'koa';
import { z } from 'zod';
import { idParam, language } from '../../core/schemas/common.schema';
import {
  confirmMagicLink, confirmPasswordReset, registerCustomer, requestMagicLink, requestPasswordReset, verifyEmail,
} from '../../services/portal/portal-account.service';
import { closeOwnTicket, listTicketRatings, rateOwnTicket, reopenOwnTicket } from '../../services/portal/customer-ticket-actions.service';
import { ticketViewFor } from '../../services/tickets/ticket.view';
import { defineRoute } from '../http/route';
import { signedIn } from './auth.routes';

/** Customer portal (docs/portal.md): self-service accounts and what a requester does to their own tickets. */
const tag = 'Portal';

const email = z.email().max(320);
const password = z.string().min(10, 'must be at least 10 characters').max(1000);
const token = z.string().trim().min(1).max(200);

const registerInput = z.strictObject({ name: z.string().trim().min(1).max(200), email, password, language: language.optional() });
const emailInput = z.strictObject({ email });
const tokenInput = z.strictObject({ token });
const resetConfirmInput = z.strictObject({ token, newPassword: password });
const ratingInput = z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() });

const request = (koa: Koa.Context) => ({ ip: koa.ip, userAgent: koa.get('User-Agent'), requestId: koa.state.requestId as string | undefined });
const accepted = { status: 202, body: { accepted: true } } as const;
const ACCEPTED = { description: 'Accepted; the same answer whether or not the email has an account (an email goes out when it should)' };
const BAD_LINK = { description: 'The link is invalid, expired or already used (`code: token_invalid`)' };

export const portalRoutes = [
  defineRoute({
    method: 'post', path: '/portal/register', operationId: 'portalRegister', tag, permission: 'public', body: registerInput,
    summary: 'Register a customer account: a verification link (24 h, single use) is emailed',
    responses: { 202: ACCEPTED },
    handler: async ({ body }, { db, deps, koa }) => {
      await registerCustomer(db, deps.config, body, request(koa));
      return accepted;
    },
  }),
  defineRoute({
    method: 'post', path: '/portal/verify', operationId: 'portalVerify', tag, permission: 'public', body: tokenInput,
    summary: 'Follow the verification link: the account is verified and signed in',
    responses: { 200: { description: 'Signed in, as POST /auth/customer-login' }, 410: BAD_LINK },
    handler: async ({ body }, { db, deps, koa }) => signedIn(koa, await verifyEmail(db, body.token, request(koa), deps.config.sessionTtlHours), 'customer'),
  }),
  defineRoute({
    method: 'post', path: '/portal/password-reset', operationId: 'portalPasswordReset', tag, permission: 'public', body: emailInput,
    summary: 'Ask for a password reset link (1 h, single use)',
    responses: { 202: ACCEPTED },
    handler: async ({ body }, { db, deps, koa }) => {
      await requestPasswordReset(db, deps.config, body.email, request(koa));
      return accepted;
    },
  }),
  defineRoute({
    method: 'post', path: '/portal/password-reset/confirm', operationId: 'portalPasswordResetConfirm', tag, permission: 'public', body: resetConfirmInput,
    summary: 'Set a new password with a reset link; every session of the account ends',
    responses: { 204: { description: 'Password set; sign in with it' }, 410: BAD_LINK },
    handler: async ({ body }, { db, koa }) => {
      await confirmPasswordReset(db, body.token, body.newPassword, request(koa));
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/portal/magic-link', operationId: 'portalMagicLink', tag, permission: 'public', body: emailInput,
    summary: 'Ask for a sign-in link by email (15 min, single use)',
    responses: { 202: ACCEPTED },
    handler: async ({ body }, { db, deps, koa }) => {
      await requestMagicLink(db, deps.config, body.email, request(koa));
      return accepted;
    },
  }),
  defineRoute({
    method: 'post', path: '/portal/magic-link/confirm', operationId: 'portalMagicLinkConfirm', tag, permission: 'public', body: tokenInput,
    summary: 'Sign in with a magic link',
    responses: { 200: { description: 'Signed in, as POST /auth/customer-login' }, 410: BAD_LINK },
    handler: async ({ body }, { db, deps, koa }) => signedIn(koa, await confirmMagicLink(db, body.token, request(koa), deps.config.sessionTtlHours), 'customer'),
  }),

  // A requester's own ticket actions: never the organization's other customers, even when it shares tickets.
  defineRoute({
    method: 'post', path: '/tickets/:id/close', operationId: 'closeOwnTicket', tag, permission: 'tickets:close_own', params: idParam,
    summary: 'Close my ticket (requester only)',
    responses: { 200: { description: 'The ticket' }, 403: { description: 'Not the requester' }, 409: { description: 'Already closed' } },
    handler: async ({ params }, { db, principal, actor }) => ({ body: ticketViewFor(principal, await closeOwnTicket(db, principal, actor, params.id)) }),
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/reopen', operationId: 'reopenOwnTicket', tag, permission: 'tickets:close_own', params: idParam,
    summary: 'Reopen my solved or closed ticket (requester only)',
    responses: { 200: { description: 'The ticket' }, 403: { description: 'Not the requester' }, 409: { description: 'Not solved or closed' } },
    handler: async ({ params }, { db, principal, actor }) => ({ body: ticketViewFor(principal, await reopenOwnTicket(db, principal, actor, params.id)) }),
  }),
  defineRoute({
    method: 'post', path: '/tickets/:id/rating', operationId: 'rateOwnTicket', tag, permission: 'tickets:rate', params: idParam, body: ratingInput,
    summary: 'Rate the current resolution of my solved or closed ticket (CSAT 1-5); rating again updates it',
    responses: { 201: { description: '`{ resolution, rating, comment, ratedAt }`' }, 403: { description: 'Not the requester' }, 409: { description: 'Not solved or closed' } },
    handler: async ({ params, body }, { db, principal, actor }) => ({ status: 201, body: await rateOwnTicket(db, principal, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'get', path: '/tickets/:id/ratings', operationId: 'listTicketRatings', tag, permission: 'tickets:read', params: idParam,
    summary: 'The CSAT ratings of a ticket, one per rated resolution',
    responses: { 200: { description: '`{ items: [{ resolution, solvedAt, rating, comment, ratedAt }] }`' } },
    handler: async ({ params }, { db, principal }) => ({ body: { items: await listTicketRatings(db, principal, params.id) } }),
  }),
];
