import type { Activity } from 'botbuilder';
import { z } from 'zod';

const caminoSchema = z
  .object({
    camino: z
      .object({
        tags: z.array(z.string()).optional(),
        choiceStyle: z.string().optional(),
        media: z.string().optional(),
        staff: z.boolean().optional(),
      })
      .loose(),
  })
  .loose();

export type CaminoData = z.infer<typeof caminoSchema>['camino'];

/** What Camino itself put in an activity's `channelData.camino` (tags, choice style, media kind), or {}. */
export function readCaminoData(activity: Partial<Activity>): CaminoData {
  const parsed = caminoSchema.safeParse(activity.channelData);
  return parsed.success ? parsed.data.camino : {};
}
