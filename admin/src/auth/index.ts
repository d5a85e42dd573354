export {
  createApiSession,
  createAuthProvider,
  LoginError,
  STEP_UP_PATH,
  startStepUp,
  stepUpLocation,
  type LoginRequest,
} from './authProvider.ts';
export { StepUpPage } from './StepUpPage.tsx';
export { LoginPage } from './LoginPage.tsx';
