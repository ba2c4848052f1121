import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type Page, type Ticket } from '../../../api';

type Props = { label: string; excludeId: number; value: number | null; onChange: (id: number | null) => void; testId: string };

/** Find another ticket by number or subject (GET /tickets?q=, which matches "#123" and "123" by number). */
export function TicketSearch({ label, excludeId, value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ['tickets', 'search', debounced],
    queryFn: () => getJson<Page<Ticket>>(`/tickets?q=${encodeURIComponent(debounced)}&limit=10`),
    // Choosing an option puts its label into the search box: that is not a new search.
    enabled: debounced.length > 0 && debounced !== picked,
    placeholderData: keepPreviousData,
  });
  const options = (found.data?.data ?? []).filter((tk) => tk.id !== excludeId)
    .map((tk) => ({ value: String(tk.id), label: `#${tk.number} ${tk.subject}` }));
  // Results arrive after the typing that opened the list; Mantine may have closed it meanwhile (it hides an empty
  // list), so reopen it when they come in while the user is still in the field.
  const input = useRef<HTMLInputElement>(null);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (found.data && debounced && debounced !== picked && document.activeElement === input.current) setOpened(true);
  }, [found.data, debounced, picked]);
  return (
    <Select
      ref={input}
      dropdownOpened={opened}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      label={label}
      data-testid={testId}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      value={value === null ? null : String(value)}
      data={options}
      onChange={(v, option) => { setPicked(option?.label ?? null); onChange(v === null ? null : Number(v)); }}
      placeholder={t('ticket.links.searchPlaceholder')}
      nothingFoundMessage={debounced ? t('ticket.links.nothingFound') : undefined}
    />
  );
}
