import { Paper, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type Page, type Ticket } from '../../../api';

type Props = { label: string; excludeId: number; value: number | null; onChange: (id: number | null) => void; testId: string };

/**
 * Find another ticket by number or subject (GET /tickets?q=, which matches "#123" and "123" by number).
 * The results are an inline list under the field rather than a popover: they arrive after the typing, and a
 * popover that had closed on the empty list in between left a typed search showing nothing.
 */
export function TicketSearch({ label, excludeId, value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ['tickets', 'search', debounced],
    queryFn: () => getJson<Page<Ticket>>(`/tickets?q=${encodeURIComponent(debounced)}&limit=10`),
    // Choosing an option puts its label into the field: that is not a new search.
    enabled: debounced.length > 0 && debounced !== picked,
    placeholderData: keepPreviousData,
  });
  // The parent cleared the choice (e.g. after adding the link): start over.
  useEffect(() => {
    if (value === null && picked !== null) {
      setPicked(null);
      setSearch('');
    }
  }, [value, picked]);

  const options = (found.data?.data ?? []).filter((tk) => tk.id !== excludeId)
    .map((tk) => ({ id: tk.id, label: `#${tk.number} ${tk.subject}` }));
  const searching = search.trim() !== '' && search !== picked;
  const showList = searching && options.length > 0;
  return (
    <div>
      <TextInput
        label={label}
        data-testid={testId}
        value={search}
        placeholder={t('ticket.links.searchPlaceholder')}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          if (value !== null) {
            setPicked(null);
            onChange(null);
          }
        }}
      />
      {showList && (
        <Paper withBorder shadow="xs" mt={4} role="listbox" id={listId} aria-label={label}>
          {options.map((o) => (
            <UnstyledButton
              key={o.id}
              role="option"
              aria-selected={false}
              display="block"
              w="100%"
              px="xs"
              py={6}
              onClick={() => { setPicked(o.label); setSearch(o.label); onChange(o.id); }}
            >
              <Text size="sm" truncate>{o.label}</Text>
            </UnstyledButton>
          ))}
        </Paper>
      )}
      {searching && debounced && found.isSuccess && !found.isPlaceholderData && options.length === 0 && (
        <Text size="xs" c="gray.7" mt={4}>{t('ticket.links.nothingFound')}</Text>
      )}
    </div>
  );
}
