import type { RouteDef } from '../http/route';
import { authRoutes } from './auth.routes';
import { ticketRoutes } from './tickets.routes';

/** Every /api/v1 route, in one table: mounted by the app, documented by the OpenAPI builder, walked by the RBAC test. */
export const allRoutes: RouteDef[] = [...authRoutes, ...ticketRoutes];
