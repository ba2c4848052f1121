import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomFields } from '../queries';
import type { TicketDetail } from '../types';
import { CustomFieldInput } from './CustomFieldInput';
import { UpdateFeedback } from './UpdateFeedback';
import { useTicketUpdate } from './useTicketUpdate';

/** The workspace's custom fields for this ticket; a rejected value shows the server's reason at the field. */
export function CustomFieldsPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const fields = useCustomFields();
  const update = useTicketUpdate(ticket);
  if (!fields.length) return <Text size="sm" c="dimmed">{t('ticket.customFields.none')}</Text>;
  const values = ticket.customFields ?? {};
  return (
    <Stack gap="xs" data-testid="custom-fields">
      {[...fields].sort((a, b) => a.position - b.position).map((f) => (
        <CustomFieldInput
          key={f.id}
          field={f}
          value={values[f.key]}
          error={update.fieldErrors[`customFields.${f.key}`]}
          disabled={update.pending}
          onSave={(v) => update.save({ customFields: { [f.key]: v } })}
        />
      ))}
      <UpdateFeedback testId="custom-fields-feedback" feedback={update.feedback} onReload={update.reload} onClose={update.dismiss} />
    </Stack>
  );
}
