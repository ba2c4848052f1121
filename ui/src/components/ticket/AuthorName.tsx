import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api';
import { useWorkerName } from './queries';
import type { Customer } from './types';

export const useCustomer = (id: number | null) =>
  useQuery({ queryKey: ['customer', id], queryFn: () => getJson<Customer>(`/customers/${id}`), enabled: id !== null, staleTime: 60_000 });

function CustomerName({ id }: { id: number }) {
  const { t } = useTranslation();
  const customer = useCustomer(id);
  return <>{customer.data?.name ?? t('ticket.author.customer', { id })}</>;
}

/** Who wrote an entry, by name: workers from the worker list, customers one by one (cached). */
export function AuthorName({ author }: { author: { type: string; id: number | null } }) {
  const { t } = useTranslation();
  const workerName = useWorkerName();
  if (author.id === null) return <>{t('ticket.author.system')}</>;
  if (author.type === 'customer') return <CustomerName id={author.id} />;
  if (author.type === 'plugin') return <>{t('ticket.author.plugin', { id: author.id })}</>;
  return <>{workerName(author.id) ?? t('ticket.author.worker', { id: author.id })}</>;
}
