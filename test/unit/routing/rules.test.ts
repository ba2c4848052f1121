import test from 'ava';
import { evaluateCondition, evaluateRules, type TicketFacts } from '../../../core/routing/rule-evaluation';
import { ruleBodySchema, type RoutingRule } from '../../../core/routing/rule.schema';

const ticket: TicketFacts = {
  channel: 'email', priority: 'High', priorityRank: 30, tags: ['vip', 'billing'], language: 'de', organizationId: 7, teamId: null,
  customFields: { plan: 'pro', areas: ['eu', 'us'], seats: 12 }, text: 'Refund request: my invoice is WRONG',
};

let nextId = 1;
function rule(body: Record<string, unknown>, position?: number): RoutingRule {
  const id = nextId++;
  return { ...ruleBodySchema.parse(body), id, position: position ?? id };
}

test('each condition field and operator is evaluated against the ticket', (t) => {
  const cases: Array<[Record<string, unknown>, boolean]> = [
    [{ field: 'channel', op: 'in', values: ['EMAIL', 'chat'] }, true],
    [{ field: 'channel', op: 'not_in', values: ['email'] }, false],
    [{ field: 'priority', op: 'in', values: ['high'] }, true],
    [{ field: 'priority_rank', op: 'gte', value: 30 }, true],
    [{ field: 'priority_rank', op: 'lte', value: 29 }, false],
    [{ field: 'tags', op: 'any', values: ['vip', 'nope'] }, true],
    [{ field: 'tags', op: 'all', values: ['vip', 'nope'] }, false],
    [{ field: 'tags', op: 'none', values: ['spam'] }, true],
    [{ field: 'language', op: 'in', values: ['de', 'fr'] }, true],
    [{ field: 'organization', op: 'in', values: [7] }, true],
    [{ field: 'organization', op: 'none' }, false],
    [{ field: 'team', op: 'none' }, true],
    [{ field: 'custom_field', key: 'plan', op: 'eq', values: ['pro'] }, true],
    [{ field: 'custom_field', key: 'areas', op: 'in', values: ['us'] }, true],
    [{ field: 'custom_field', key: 'seats', op: 'in', values: [11, 13] }, false],
    [{ field: 'custom_field', key: 'missing_one', op: 'missing' }, true],
    [{ field: 'custom_field', key: 'plan', op: 'exists' }, true],
    [{ field: 'text', op: 'contains_any', values: ['invoice is wrong'] }, true],
    [{ field: 'text', op: 'contains_none', values: ['refund'] }, false],
  ];
  for (const [condition, expected] of cases) {
    const parsed = rule({ name: 'c', conditions: [condition], actions: { addTags: ['x'] } }).conditions[0]!;
    t.is(evaluateCondition(parsed, ticket).matched, expected, JSON.stringify(condition));
  }
});

test('first matching route rule wins and the explanation names every condition result', (t) => {
  const rules = [
    rule({ name: 'chat only', conditions: [{ field: 'channel', op: 'in', values: ['chat'] }], actions: { routeToTeam: 1 } }, 1),
    rule({ name: 'german billing', conditions: [{ field: 'language', op: 'in', values: ['de'] }, { field: 'tags', op: 'any', values: ['billing'] }],
      actions: { routeToTeam: 2, requireSkills: [{ skill: 'billing', minLevel: 3 }] } }, 2),
    rule({ name: 'catch-all', actions: { routeToTeam: 3 } }, 3),
  ];
  const out = evaluateRules(rules, ticket);
  t.deepEqual(out.routeRule, { id: rules[1]!.id, name: 'german billing' });
  t.is(out.teamId, 2);
  t.deepEqual(out.requiredSkills, [{ skill: 'billing', minLevel: 3 }]);
  // Evaluation stops at the winner: the catch-all is not evaluated.
  t.deepEqual(out.evaluated.map((e) => [e.name, e.matched]), [['chat only', false], ['german billing', true]]);
  t.deepEqual(out.evaluated[0]!.conditions[0]!.actual, 'email');
});

test('rule order is by position, not by id, and inactive rules are skipped', (t) => {
  const late = rule({ name: 'late', actions: { routeToTeam: 9 } }, 10);
  const early = rule({ name: 'early', actions: { routeToTeam: 8 } }, 1);
  const off = rule({ name: 'off', active: false, actions: { routeToTeam: 7 } }, 0);
  t.is(evaluateRules([late, early, off], ticket).teamId, 8);
});

test('match any needs one condition; match all needs every one', (t) => {
  const conds = [{ field: 'channel', op: 'in', values: ['chat'] }, { field: 'tags', op: 'any', values: ['vip'] }];
  t.is(evaluateRules([rule({ name: 'any', match: 'any', conditions: conds, actions: { routeToTeam: 1 } })], ticket).teamId, 1);
  t.is(evaluateRules([rule({ name: 'all', match: 'all', conditions: conds, actions: { routeToTeam: 1 } })], ticket).teamId, null);
});

test('all matching tagging rules apply, and route rules see the tags they added', (t) => {
  const rules = [
    rule({ name: 'tag refunds', kind: 'tagging', conditions: [{ field: 'text', op: 'contains_any', values: ['refund'] }], actions: { addTags: ['refund'] } }, 5),
    rule({ name: 'tag vip', kind: 'tagging', conditions: [{ field: 'tags', op: 'any', values: ['vip'] }], actions: { addTags: ['priority-care'], setPriority: 'Urgent' } }, 6),
    rule({ name: 'tag never', kind: 'tagging', conditions: [{ field: 'channel', op: 'in', values: ['phone'] }], actions: { addTags: ['phone'] } }, 7),
    rule({ name: 'refunds team', conditions: [{ field: 'tags', op: 'any', values: ['refund'] }], actions: { routeToTeam: 4, addTags: ['routed'] } }, 1),
  ];
  const out = evaluateRules(rules, ticket);
  t.deepEqual(out.taggingRules.map((r) => r.name), ['tag refunds', 'tag vip']);
  t.deepEqual(out.addTags, ['refund', 'priority-care', 'routed']);
  t.is(out.setPriority, 'Urgent');
  t.is(out.teamId, 4);
});

test('no matching rule keeps the ticket team and language, with no requirements', (t) => {
  const out = evaluateRules([rule({ name: 'x', conditions: [{ field: 'channel', op: 'in', values: ['sms'] }], actions: { routeToTeam: 1 } })], { ...ticket, teamId: 5 });
  t.is(out.routeRule, null);
  t.is(out.teamId, 5);
  t.is(out.language, 'de');
  t.deepEqual(out.requiredSkills, []);
  t.false(out.allowOffShift);
});

test('rule schema rejects unknown fields, routing actions on tagging rules and empty actions', (t) => {
  t.false(ruleBodySchema.safeParse({ name: 'x', actions: { routeToTeam: 1 }, extra: 1 }).success);
  t.false(ruleBodySchema.safeParse({ name: 'x', actions: {} }).success);
  t.false(ruleBodySchema.safeParse({ name: 'x', kind: 'tagging', actions: { routeToTeam: 1 } }).success);
  t.false(ruleBodySchema.safeParse({ name: 'x', conditions: [{ field: 'channel', op: 'gte', values: ['a'] }], actions: { addTags: ['a'] } }).success);
  t.false(ruleBodySchema.safeParse({ name: 'x', actions: { requireSkills: [{ skill: 'billing', minLevel: 6 }] } }).success);
  t.true(ruleBodySchema.safeParse({ name: 'x', actions: { requireSkills: [{ skill: 'Billing' }] } }).success);
});
