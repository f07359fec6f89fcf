/**
 * Runs the NestJS example on an embedded local PoP: `npx tsx --tsconfig examples/nestjs-app/tsconfig.json
 * examples/nestjs-app/main.ts`. Against a real environment, replace the PoP's options with your
 * environment id, client credentials and endpoint (or the INC_* environment variables). With
 * `OTEL_CONSOLE=1` every request's spans (the HTTP server span, `read us`, the HTTP client span) and the
 * storage metrics are printed by OpenTelemetry's console exporters (telemetry.ts, docs/telemetry.md).
 */
import { NestFactory } from '@nestjs/core';
// In an application: from 'incountry-ts', 'incountry-ts/nestjs' and 'incountry-ts/server'.
import { SecretKeyAccessor } from '../../src/index.js';
import { IncountryModule } from '../../src/nestjs/index.js';
import { startLocalPop } from '../../src/server/index.js';
import { AppModule } from './app.module.js';
import { consoleTelemetry } from './telemetry.js';
import { userEntity } from './user-model.js';

const pop = await startLocalPop();
const telemetry = process.env.OTEL_CONSOLE === '1' ? consoleTelemetry(new URL(pop.url).host) : undefined;
const app = await NestFactory.create(
  AppModule.register(
    IncountryModule.forRootAsync({
      useFactory: () => ({
        storage: {
          ...pop.storageOptions,
          secretKeyAccessor: new SecretKeyAccessor(
            () => process.env.APP_SECRET ?? 'example secret, change me',
          ),
        },
        ...(telemetry ? { telemetry } : {}),
      }),
      repositories: [userEntity],
    }),
  ),
);
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
console.log(`users service on ${await app.getUrl()} (local PoP at ${pop.url})`);
process.once('SIGINT', () => void app.close().then(() => pop.close()));
