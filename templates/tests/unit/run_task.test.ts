/** The task function, invoked directly or asynchronously. */
import { InvalidTask, type Task, handler } from '../../src/handlers/run_task';
import { lambdaContext, sampleEvent } from './support/lambda';

test('a task runs and reports its id', async () => {
  const event = sampleEvent<Task>('run_task');

  const result = await handler(event, lambdaContext());

  expect(result).toEqual({ taskId: event.taskId, status: 'done' });
});

test.each<[unknown, string]>([
  [['not', 'an', 'object'], 'a task is a JSON object'],
  [{ name: 'report' }, "'taskId' is required"],
  [{ taskId: 't-1', name: '' }, "'name' is required"],
  [{ taskId: 't-1', name: 'x', parameters: [] }, "'parameters' must be"],
])('a malformed task %j throws so that it is not lost', async (payload, problem) => {
  const handled = handler(payload, lambdaContext());

  await expect(handled).rejects.toThrow(InvalidTask);
  await expect(handled).rejects.toThrow(problem);
});
