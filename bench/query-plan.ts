/** Reads the output of `EXPLAIN (FORMAT JSON)`: which tables are scanned sequentially, which indexes are used. */

type PlanNode = {
  'Node Type'?: unknown;
  'Relation Name'?: unknown;
  'Index Name'?: unknown;
  Plans?: unknown;
};

export type PlanSummary = { seqScans: string[]; indexes: string[]; nodeTypes: string[] };

function rootOf(explain: unknown): PlanNode {
  const first: unknown = Array.isArray(explain) ? explain[0] : explain;
  const plan = first && typeof first === 'object' ? (first as { Plan?: unknown }).Plan : undefined;
  if (!plan || typeof plan !== 'object') throw new Error('not the output of EXPLAIN (FORMAT JSON)');
  return plan as PlanNode;
}

/** Every node of the plan tree, depth first; distinct relation and index names in order of appearance. */
export function summarizePlan(explain: unknown): PlanSummary {
  const out: PlanSummary = { seqScans: [], indexes: [], nodeTypes: [] };
  const visit = (node: PlanNode) => {
    const type = String(node['Node Type'] ?? '');
    out.nodeTypes.push(type);
    if (type === 'Seq Scan' && typeof node['Relation Name'] === 'string' && !out.seqScans.includes(node['Relation Name'])) {
      out.seqScans.push(node['Relation Name']);
    }
    if (typeof node['Index Name'] === 'string' && !out.indexes.includes(node['Index Name'])) out.indexes.push(node['Index Name']);
    if (Array.isArray(node.Plans)) for (const child of node.Plans) if (child && typeof child === 'object') visit(child as PlanNode);
  };
  visit(rootOf(explain));
  return out;
}
