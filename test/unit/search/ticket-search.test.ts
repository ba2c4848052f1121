import test from 'ava';
import { ROLE_PERMISSIONS } from '../../../core/permissions';
import type { Principal } from '../../../core/principal';
import { ticketSearchQuery } from '../../../core/schemas/search.schema';
import { settingsMatch } from '../../../services/search/meili-search-engine';
import { TICKET_INDEX_SETTINGS } from '../../../services/search/ticket-index.settings';
import { scopeFilter, ticketSearchRequest } from '../../../services/search/ticket-search.service';

const agent = (teamIds: number[], allTickets = false): Principal => ({ kind: 'worker', id: 7, role: 'agent', allTickets, teamIds, permissions: ROLE_PERMISSIONS.agent, via: 'session', viaId: 1 });
const customer: Principal = { kind: 'customer', id: 42, organizationId: null, permissions: ROLE_PERMISSIONS.customer, via: 'session', viaId: 2 };
const supervisor: Principal = { kind: 'worker', id: 8, role: 'supervisor', allTickets: false, teamIds: [], permissions: ROLE_PERMISSIONS.supervisor, via: 'session', viaId: 3 };

test('the search scope is the ticket list scope as an engine filter', (t) => {
  t.is(scopeFilter(customer), 'requesterId = 42');
  t.is(scopeFilter(agent([1, 2])), '(teamId IN [1, 2] OR teamId IS NULL OR assigneeId = 7)');
  // No teams: no empty IN list (a filter syntax error), still unrouted and own tickets.
  t.is(scopeFilter(agent([])), '(teamId IS NULL OR assigneeId = 7)');
  t.is(scopeFilter(agent([1], true)), null);
  t.is(scopeFilter(supervisor), null);
});

test('customers never search or see internal notes; agents do', (t) => {
  const q = ticketSearchQuery.parse({ q: 'x', tag: 'VIP' });
  const asCustomer = ticketSearchRequest(customer, q);
  t.false(asCustomer.searchOn?.includes('internalText') ?? true);
  t.false(asCustomer.highlight?.includes('internalText'));
  t.false(asCustomer.crop?.includes('internalText'));
  t.false(asCustomer.retrieve?.includes('internalText'));
  t.regex(asCustomer.filter!, /^requesterId = 42 AND tags = "vip"$/);
  const asAgent = ticketSearchRequest(agent([1]), q);
  t.is(asAgent.searchOn, undefined);
  t.true(asAgent.highlight?.includes('internalText'));
});

test('settings comparison ignores set order but not weight order, and members the engine adds', (t) => {
  const current: Record<string, unknown> = {
    ...TICKET_INDEX_SETTINGS,
    filterableAttributes: [...TICKET_INDEX_SETTINGS.filterableAttributes].reverse(),
    typoTolerance: { ...TICKET_INDEX_SETTINGS.typoTolerance, disableOnWords: [], disableOnNumbers: false },
    stopWords: [],
  };
  t.true(settingsMatch(TICKET_INDEX_SETTINGS, current));
  t.false(settingsMatch(TICKET_INDEX_SETTINGS, { ...current, searchableAttributes: [...TICKET_INDEX_SETTINGS.searchableAttributes].reverse() }));
  t.false(settingsMatch(TICKET_INDEX_SETTINGS, { ...current, synonyms: {} }));
  t.false(settingsMatch(TICKET_INDEX_SETTINGS, { ...current, typoTolerance: { enabled: false } }));
});
