export { createApiSession, createAuthProvider, LoginError, type LoginRequest } from './authProvider.ts';
export { LoginPage } from './LoginPage.tsx';
