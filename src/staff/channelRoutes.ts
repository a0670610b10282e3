import type { Request, Response, Server } from 'restify';
import type { ChannelRegistration } from '../channels/ChannelRegistration';
import type { Guard } from './http';

/**
 * `GET /staff/api/channels`: the channels staff can filter by, from their registrations (the page labels each as
 * `channel.<id>` in staff.json), and whether a reply there is bound by a service window.
 */
export function mountChannelRoutes(server: Server, guard: Guard, channels: readonly ChannelRegistration[]): void {
  const items = channels.filter((c) => !c.hidden).map((c) => ({ id: c.id, window: c.staffWindow !== undefined }));
  server.get('/staff/api/channels', async (req: Request, res: Response) => {
    const session = await guard(req, res, {});
    if (!session) return;
    res.send(200, { items });
  });
}
