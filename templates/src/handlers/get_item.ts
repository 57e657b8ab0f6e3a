/** GET /items/{id}: one item, or 404. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NotFound, apiHandler, itemIdFrom, respond } from '../lib/http';
import { ItemTable } from '../lib/items';
import { environment, sdkClient } from '../lib/lambda';

const items = new ItemTable(sdkClient(DynamoDBClient), environment('TABLE_NAME'));

export const handler = apiHandler(async (request) => {
  const itemId = itemIdFrom(request);
  const item = await items.get(itemId);
  if (item === undefined) {
    throw new NotFound(`there is no item ${itemId}`);
  }
  return respond(200, item);
});
