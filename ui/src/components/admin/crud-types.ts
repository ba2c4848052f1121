/** The small field description that drives the reusable admin list + form (CrudPage, CrudForm). */
import type { ReactNode } from 'react';
import type { FieldErrors } from './problem';

export type Option = { value: string; label: string };
export type FormValues = Record<string, unknown>;

type Base = {
  name: string;
  label: string;
  description?: string;
  required?: boolean;
  /** Sent on create only (the API fixes it afterwards, e.g. a custom field key, an initial password). */
  createOnly?: boolean;
  /** Shown when editing only (e.g. `active`, which a create defaults). */
  editOnly?: boolean;
  /** An emptied text is sent as null (the API's way to remove it), not as ''. */
  emptyAsNull?: boolean;
};

export type CustomEditor = (props: { value: unknown; onChange: (v: unknown) => void; errors: FieldErrors; values: FormValues }) => ReactNode;

export type FieldSpec = Base & (
  | { kind: 'text' | 'textarea' | 'password' | 'color' | 'date' }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'switch' }
  | { kind: 'select'; options: Option[]; numeric?: boolean; clearable?: boolean }
  | { kind: 'multiselect'; options: Option[]; numeric?: boolean }
  /** Free strings (TagsInput). */
  | { kind: 'list' }
  /** A page-specific editor (weekly hours, rule conditions…); it gets the errors below its field. */
  | { kind: 'custom'; render: CustomEditor; empty: unknown }
);

export type Column<T> = { key: string; label: string; render: (row: T) => ReactNode };
