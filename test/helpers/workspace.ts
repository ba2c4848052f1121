import anyTest, { type TestFn } from 'ava';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from './app';

export type Workspace = { app: TestApp; admin: TestWorker; supervisor: TestWorker; agent: TestWorker; customer: TestCustomer };

/** The usual test file context: the real app with its own database, an admin, a supervisor, an agent and a customer. */
export function workspaceTest(env: Record<string, string> = {}): TestFn<Workspace> {
  const test = anyTest as TestFn<Workspace>;
  test.before(async (t) => {
    const app = await startTestApp(env);
    t.context = {
      app,
      admin: await createWorker(app.db, { role: 'admin' }),
      supervisor: await createWorker(app.db, { role: 'supervisor' }),
      agent: await createWorker(app.db, { role: 'agent' }),
      customer: await createCustomer(app.db),
    };
  });
  test.after.always(async (t) => t.context.app?.close());
  return test;
}
