/** DELETE /items/{id}: removes an item and answers 204, or 404. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NotFound, apiHandler, itemIdFrom, respond } from '../lib/http';
import { ItemTable } from '../lib/items';
import { environment, logger, sdkClient } from '../lib/lambda';

const items = new ItemTable(sdkClient(DynamoDBClient), environment('TABLE_NAME'));

export const handler = apiHandler(async (request) => {
  const itemId = itemIdFrom(request);
  if (!(await items.delete(itemId))) {
    throw new NotFound(`there is no item ${itemId}`);
  }
  logger.info('item deleted', { item_id: itemId });
  return respond(204);
});
