/**
 * Runs one task per invocation, called directly or asynchronously.
 *
 * A task is a JSON object such as {"taskId": "...", "name": "...", "parameters":
 * {}}. A malformed one throws InvalidTask: a direct caller gets the error back,
 * and an asynchronous call ends, after Lambda's two retries, in the failure queue.
 */
import { type JsonObject, isJsonObject, isNonEmptyString } from '../lib/json';
import { lambdaHandler, logger } from '../lib/lambda';

export interface Task extends JsonObject {
  taskId: string;
  name: string;
  parameters?: JsonObject;
}

export interface TaskResult {
  taskId: string;
  status: 'done';
}

/** A payload that is not a task; retrying it cannot help. */
export class InvalidTask extends Error {
  name = 'InvalidTask';
}

/** Checks the shape of a task and returns it. */
export function parseTask(payload: unknown): Task {
  if (!isJsonObject(payload)) {
    throw new InvalidTask('a task is a JSON object');
  }
  for (const field of ['taskId', 'name']) {
    if (!isNonEmptyString(payload[field])) {
      throw new InvalidTask(`'${field}' is required and must be a non-empty string`);
    }
  }
  if ('parameters' in payload && !isJsonObject(payload.parameters)) {
    throw new InvalidTask("'parameters' must be a JSON object");
  }
  return payload as Task;
}

/** The work of one task: this is where the service's own logic goes. */
export async function run(task: Task): Promise<TaskResult> {
  logger.info('running task', { task_name: task.name });
  return { taskId: task.taskId, status: 'done' };
}

export const handler = lambdaHandler(
  async (event: unknown) => run(parseTask(event)),
  'taskId',
);
