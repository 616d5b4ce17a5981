import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerOf, mayAccess } from './caller.js';
import type { Caller } from './caller.js';
import { toHandler } from './http-helpers.js';
import { byMethod, errorReply, HttpError, listParam, reply } from './service-request.js';
import type { Service, ServiceRequest, ServiceReply } from './service-request.js';
import type { ReferenceStore } from './store.js';
import type { PublicUser, User } from './types.js';

/** Another user's profile comes without `email`. */
function visible(user: User, caller: Caller): User | PublicUser {
  if (mayAccess(caller, user.id)) return user;
  return { id: user.id, name: user.name, createdAt: user.createdAt };
}

function listUsers(store: ReferenceStore, request: ServiceRequest, caller: Caller): ServiceReply {
  const ids = listParam(request.query, 'ids');
  if (ids === undefined) throw new HttpError(400, 'query parameter ids is required');
  return reply(200, store.getUsers(ids).map((user) => visible(user, caller)));
}

function oneUser(store: ReferenceStore, id: string, caller: Caller): ServiceReply {
  const user = store.getUser(id);
  if (!user) return errorReply(404, `user ${id} not found`);
  return reply(200, visible(user, caller));
}

/** `GET /users/{id}`, `GET /users?ids=u1,u2`. */
export function createUsersService(store: ReferenceStore): Service {
  return (request) => {
    const [root, id, ...rest] = request.segments;
    if (root !== 'users' || rest.length > 0) return errorReply(404, 'no such route');
    const caller = callerOf(request.headers);
    if (id === undefined) return byMethod(request, { GET: () => listUsers(store, request, caller) });
    return byMethod(request, { GET: () => oneUser(store, id, caller) });
  };
}

/** The users reference service as a `node:http` request listener. */
export function createUsersHandler(store: ReferenceStore): (req: IncomingMessage, res: ServerResponse) => void {
  return toHandler(createUsersService(store));
}
