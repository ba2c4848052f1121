import { z } from 'zod';

export const PRESENCE_STATES = ['viewing', 'replying'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export const presenceInput = z.strictObject({ state: z.enum(PRESENCE_STATES) });

export const presenceResponse = z.object({
  data: z.array(z.object({ workerId: z.number(), name: z.string(), state: z.enum(PRESENCE_STATES), since: z.iso.datetime() })),
});
