import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const SHORTCUTS = [
  { keys: ['j', '↓'], action: 'down' },
  { keys: ['k', '↑'], action: 'up' },
  { keys: ['Enter', 'o'], action: 'open' },
  { keys: ['x'], action: 'select' },
  { keys: ['a'], action: 'assign' },
  { keys: ['r'], action: 'reply' },
  { keys: ['?'], action: 'help' },
] as const;

/** The queue's keyboard shortcuts (opened with "?"). */
export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('queue.shortcuts.title')} data-testid="shortcut-help">
      <Table>
        <Table.Thead>
          <Table.Tr><Table.Th>{t('queue.shortcuts.key')}</Table.Th><Table.Th>{t('queue.shortcuts.action')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHORTCUTS.map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' / '}<Kbd>{k}</Kbd></span>)}</Table.Td>
              <Table.Td>{t(`queue.shortcuts.${s.action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
