import type { Shape } from './shape';

export const en = {
} as const;

export const de: Shape<typeof en> = {
};
