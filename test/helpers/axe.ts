/**
 * axe-core in a real page: the serious and critical accessibility violations, as readable lines
 * ("color-contrast (serious): header a[href="/"]"). The whole page is checked unless a scope selector is given.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

export async function seriousAxeViolations(page: Page, scope?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx?: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    return (sel ? await axe.run({ include: [[sel]] }) : await axe.run()).violations;
  }, scope ?? null);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
