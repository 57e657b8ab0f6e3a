/** POST /items: stores a new item and answers 201 with it. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BadRequest, apiHandler, jsonBody, respond } from '../lib/http';
import { InvalidItem, type Item, ItemTable, newItem } from '../lib/items';
import { environment, logger, sdkClient } from '../lib/lambda';

const items = new ItemTable(sdkClient(DynamoDBClient), environment('TABLE_NAME'));

export const handler = apiHandler(async (request) => {
  let item: Item;
  try {
    item = newItem(jsonBody(request));
  } catch (problem) {
    if (problem instanceof InvalidItem) {
      throw new BadRequest(problem.message, { cause: problem });
    }
    throw problem;
  }
  await items.put(item);
  logger.info('item created', { item_id: item.id });
  return respond(201, item);
});
