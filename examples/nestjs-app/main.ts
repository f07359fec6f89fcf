/**
 * Runs the NestJS example: `npx tsx --tsconfig examples/nestjs-app/tsconfig.json
 * examples/nestjs-app/main.ts`. With the INC_* variables of a real environment (environment id, client
 * credentials, endpoint) it uses that environment; without them it starts an embedded local PoP and
 * points the variables at it.
 * With `OTEL_CONSOLE=1` every request's spans (the HTTP server span, `read us`, the HTTP client span) and
 * the storage metrics are printed by OpenTelemetry's console exporters (telemetry.ts, docs/telemetry.md).
 */
import { NestFactory } from '@nestjs/core';
// In an application: from 'incountry-ts/server'.
import { startLocalPop } from '../../src/server/index.js';
import { AppModule } from './app.module.js';

const pop = process.env.INC_ENDPOINT === undefined ? await startLocalPop() : undefined;
if (pop !== undefined) {
  const { environmentId, clientId, clientSecret, options } = pop.storageOptions;
  Object.assign(process.env, {
    INC_ENDPOINT: pop.url,
    INC_AUTH_ENDPOINT: options.authEndpoints.default,
    INC_COUNTRIES_ENDPOINT: options.countriesEndpoint,
    INC_ENVIRONMENT_ID: environmentId,
    INC_CLIENT_ID: clientId,
    INC_CLIENT_SECRET: clientSecret,
  });
}
const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
console.log(`users service on ${await app.getUrl()}${pop === undefined ? '' : ` (local PoP at ${pop.url})`}`);
process.once('SIGINT', () => void app.close().then(() => pop?.close()));
