import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DiffOp } from './kb-types';

/** What a diff op does: inserted, deleted or unchanged (reads `op`, `type` or `kind`). */
function opKind(op: DiffOp): 'insert' | 'delete' | 'equal' {
  const k = (op.op ?? op.type ?? op.kind ?? '').toLowerCase();
  if (k.startsWith('ins') || k === 'add' || k === 'added' || k === '+') return 'insert';
  if (k.startsWith('del') || k === 'remove' || k === 'removed' || k === '-') return 'delete';
  return 'equal';
}

/** A text diff as running text: insertions underlined green (<ins>), deletions struck red (<del>). */
export function DiffView({ ops, label }: { ops: DiffOp[]; label: string }) {
  const { t } = useTranslation();
  const changed = ops.some((o) => opKind(o) !== 'equal');
  return (
    <div>
      <Text size="sm" fw={600}>{label}</Text>
      {!changed ? <Text size="sm" c="gray.7">{t('kb.revisions.noChanges')}</Text> : (
        <div className="lantern-kb-diff" data-testid="kb-diff" role="region" aria-label={label} tabIndex={0}>
          {ops.map((o, i) => {
            const text = o.text ?? o.value ?? '';
            const kind = opKind(o);
            if (kind === 'insert') return <ins key={i} data-testid="kb-diff-ins">{text}</ins>;
            if (kind === 'delete') return <del key={i} data-testid="kb-diff-del">{text}</del>;
            return <span key={i}>{text}</span>;
          })}
        </div>
      )}
    </div>
  );
}
