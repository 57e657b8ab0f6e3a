/** GET /items: one page of items, and a cursor to the next page. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BadRequest, apiHandler, respond } from '../lib/http';
import { InvalidItem, ItemTable, pageSize } from '../lib/items';
import { environment, sdkClient } from '../lib/lambda';

const items = new ItemTable(sdkClient(DynamoDBClient), environment('TABLE_NAME'));

export const handler = apiHandler(async (request) => {
  const query = request.queryStringParameters ?? {};
  try {
    const page = await items.page(pageSize(query.limit), query.cursor);
    return respond(200, { items: page.items, cursor: page.cursor });
  } catch (problem) {
    if (problem instanceof InvalidItem) {
      throw new BadRequest(problem.message, { cause: problem });
    }
    throw problem;
  }
});
