/** Background work inside a process: {@link PeriodicTask}. */
export { PeriodicTask, type PeriodicTaskOptions } from './periodic-task';
