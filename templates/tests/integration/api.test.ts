/**
 * End-to-end tests of the deployed API.
 *
 * They run only against a stack you name: STACK_NAME=my-stack make integration.
 * They create and delete one item of their own.
 */
import { describeDeployed, stackOutput } from './stack';

interface Answer {
  status: number;
  body: unknown;
}

async function call(method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

describeDeployed('the deployed API', () => {
  let apiUrl: string;

  beforeAll(async () => {
    apiUrl = (await stackOutput('ApiUrl')).replace(/\/$/, '');
  });

  test('an item can be created, read, listed and deleted', async () => {
    const created = await call('POST', `${apiUrl}/items`, { name: 'integration' });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };

    expect(await call('GET', `${apiUrl}/items/${id}`)).toEqual({
      status: 200,
      body: created.body,
    });
    const page = await call('GET', `${apiUrl}/items?limit=100`);
    expect(page.status).toBe(200);
    expect(page.body).toHaveProperty('items');
    expect((await call('DELETE', `${apiUrl}/items/${id}`)).status).toBe(204);
    expect((await call('GET', `${apiUrl}/items/${id}`)).status).toBe(404);
  });

  test('bad JSON is 400', async () => {
    const response = await fetch(`${apiUrl}/items`, { method: 'POST', body: '{not json' });

    expect(response.status).toBe(400);
  });
});
