/**
 * The workflow code must run in Temporal's deterministic sandbox: bundling it is what the worker does at start, and
 * the bundler refuses Node built-ins. (Bundling does not type-check; `npx tsc --noEmit` does that.)
 */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import test from 'ava';

const WORKFLOWS = fileURLToPath(new URL('../../../workflows/ticket-lifecycle.workflow.ts', import.meta.url));
const NODE_BUILTIN_FIXTURE = fileURLToPath(new URL('../../fixtures/temporal/node-builtin.workflow.ts', import.meta.url));
const logger = new DefaultLogger('ERROR');

test('the ticket lifecycle workflow bundles for the sandbox, decider included', async (t) => {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger });
  t.regex(code, /function ticketLifecycle\(/);
  t.regex(code, /function decide\(/, 'the pure decider runs inside the workflow');
  t.notRegex(code, /ZodError/, 'the policy schema (zod) is imported for types only');
  t.notRegex(code, /createLifecycleActivities|knex/, 'activities are imported as types only');
});

test('a workflow that imports a Node built-in is refused by the bundler', async (t) => {
  const error = await t.throwsAsync(bundleWorkflowCode({ workflowsPath: NODE_BUILTIN_FIXTURE, logger }));
  t.regex(String(error?.message), /importing the following disallowed modules:\s*- 'fs'/);
});
