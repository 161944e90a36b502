import { TaskSet } from '../../src/client/tasks';

/**
 * Work started by a click or a key, which no caller can await. Each task
 * reports its own failure on the page; keeping them here rather than leaving
 * promises floating is the same rule the server follows.
 */
export const background = new TaskSet();
