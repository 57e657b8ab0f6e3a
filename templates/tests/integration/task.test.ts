/**
 * End-to-end test of the deployed task function.
 *
 * It runs only against a stack you name: STACK_NAME=my-stack make integration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describeDeployed, stackOutput } from './stack';

const EVENTS = join(__dirname, '..', '..', 'events');

describeDeployed('the deployed task function', () => {
  test('the sample task runs', async () => {
    const functionName = await stackOutput('RunTaskFunctionName');
    const payload = readFileSync(join(EVENTS, 'run_task.json'));

    const answer = await new LambdaClient({}).send(
      new InvokeCommand({ FunctionName: functionName, Payload: payload }),
    );

    expect(answer.FunctionError).toBeUndefined();
    const result = JSON.parse(Buffer.from(answer.Payload ?? []).toString('utf8')) as {
      status: string;
    };
    expect(result.status).toBe('done');
  });
});
