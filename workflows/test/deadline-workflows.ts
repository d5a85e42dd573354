// The workflows of the consent-deadline test's worker: every production workflow, plus the schedule
// stand-in (time-skipping test server only; see schedule-stand-in.ts).
export * from '../src/workflows';
export { scheduleStandIn } from './schedule-stand-in';
