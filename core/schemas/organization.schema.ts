import { z } from 'zod';
import { cursor, limit } from './common.schema';
import { atLeastOneChange, bodyVersion, searchText } from './query.schema';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name like example.com');

const fields = {
  name: z.string().trim().min(1).max(200),
  /** Email domains whose senders belong to this organization. */
  domains: z.array(domain).max(100).transform((d) => [...new Set(d)]),
  notes: z.string().max(10_000),
  /** Customers of the organization see each other's tickets in the portal (docs/portal.md). */
  sharedTickets: z.boolean(),
};

export const createOrganizationInput = z.strictObject({
  name: fields.name, domains: fields.domains.optional(), notes: fields.notes.optional(), sharedTickets: fields.sharedTickets.optional(),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationInput>;

export const updateOrganizationInput = z
  .strictObject({ ...z.object(fields).partial().shape, version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationInput>;

export const listOrganizationsQuery = z.strictObject({
  /** Matches the name or one of the domains. */
  q: searchText.optional(),
  limit,
  cursor,
});
export type ListOrganizationsQuery = z.infer<typeof listOrganizationsQuery>;

export const organizationResponse = z.object({
  id: z.number(),
  name: z.string(),
  domains: z.array(z.string()),
  notes: z.string(),
  sharedTickets: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number(),
});
export type OrganizationView = z.infer<typeof organizationResponse>;
