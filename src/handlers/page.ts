import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { join } from 'node:path';
import { getConfig } from '../config';
import { ConfigError } from '../errors';
import { assetLoader } from '../web-page/assets';
import { servePage } from '../web-page/serve';

const config = getConfig();
const websocketUrl = config.publicWebsocketUrl;
if (websocketUrl === undefined) {
  throw new ConfigError('the page needs the WebSocket URL: set PUBLIC_WEBSOCKET_URL, or WEBSOCKET_API_ID and WEBSOCKET_STAGE (serverless.yml does)');
}
// Lambda runs in the package root, where web/dist was packaged; serverless offline in the project root.
const assets = assetLoader(join(process.cwd(), 'web', 'dist'), config.isOffline);

/** GET / and GET /{asset}: the game page, from web/dist. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  servePage(event.rawPath, await assets(), websocketUrl);
