/** What every handler shares: the Lambda context, correlation ids, the environment. */
import { environment, lambdaHandler, logger } from '../../src/lib/lambda';
import { lambdaContext } from './support/lambda';

const correlated = lambdaHandler(
  async () => logger.getCorrelationId(),
  'requestContext.requestId',
);

test('the work logs with the correlation id of its event', async () => {
  const seen = await correlated({ requestContext: { requestId: 'r-1' } }, lambdaContext());

  expect(seen).toBe('r-1');
});

test('the correlation id ends with its invocation', async () => {
  await correlated({ requestContext: { requestId: 'r-1' } }, lambdaContext());

  expect(logger.getCorrelationId()).toBeUndefined();
});

test('the answer does not wait for open connections to close', async () => {
  const context = lambdaContext();

  await correlated({}, context);

  expect(context.callbackWaitsForEmptyEventLoop).toBe(false);
});

test('a variable the template did not set is named', () => {
  expect(() => environment('NOT_SET_BY_ANYONE')).toThrow(/NOT_SET_BY_ANYONE is not set/);
});
