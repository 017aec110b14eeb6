export { authRoutes } from './auth.routes.ts';
export { workspaceRoutes } from './workspace.routes.ts';
export { createWorkspaceWithOwner, createApiKey, createUser, createWorkspace, findUserByEmail, DEFAULT_STAGES } from './workspace.service.ts';
