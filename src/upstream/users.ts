import type { CallContext } from './call-context.js';
import { valueOf } from './client-errors.js';
import type { ServiceClient } from './service-client.js';
import { parseUsers, type User } from './shapes.js';

export interface UsersClient {
  /** One `GET /users?ids=` call; ids the service left out are simply absent from the map. */
  byIds(ids: readonly string[], ctx: CallContext): Promise<Map<string, User>>;
}

export function createUsersClient(client: ServiceClient): UsersClient {
  return {
    async byIds(ids, ctx) {
      const query = ids.map(encodeURIComponent).join(',');
      const reply = await client.json({ method: 'GET', path: `/users?ids=${query}`, route: 'GET /users' }, parseUsers, ctx);
      return new Map(valueOf('users', reply, 'users').map((user) => [user.id, user]));
    },
  };
}
