/** The scheduled job. */
import { InvalidRun, handler, scheduledTime } from '../../src/handlers/run_schedule';
import { lambdaContext, sampleEvent } from './support/lambda';

test('the job runs for its scheduled time', async () => {
  const result = await handler(sampleEvent('run_schedule'), lambdaContext());

  expect(result).toEqual({ scheduledTime: '2026-12-03T17:00:00+00:00', status: 'done' });
});

test('the scheduled time is parsed with its zone', () => {
  const due = scheduledTime({ scheduledTime: '2026-12-03T18:00:00+01:00' });

  expect(due).toEqual(new Date(Date.UTC(2026, 11, 3, 17)));
});

test.each([{}, { scheduledTime: 'yesterday' }, { scheduledTime: 'Dec 3, 2026' }])(
  'a payload without a scheduled time (%j) throws',
  async (payload) => {
    await expect(handler(payload, lambdaContext())).rejects.toThrow(InvalidRun);
  },
);
