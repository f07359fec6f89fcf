/**
 * The application module, shaped as `nest new` makes it: a plain `@Module` that imports the Incountry
 * module. End-to-end tests swap that import with
 * `.overrideModule(incountry).useModule(IncountryTestingModule.forRoot(…))`, which matches the very object
 * imported here, so it is a named constant.
 */
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
// In an application: from 'incountry-ts' and 'incountry-ts/nestjs'.
import { SecretKeyAccessor } from '../../src/index.js';
import { IncountryModule, StorageExceptionFilter } from '../../src/nestjs/index.js';
import { userEntity } from './user-model.js';
import { UsersController } from './users.controller.js';

/**
 * The Storage and the user repository. createStorage() takes the environment id, the client credentials
 * and the endpoint from the INC_* environment variables.
 */
export const incountry = IncountryModule.forRootAsync({
  useFactory: async () => ({
    storage: {
      secretKeyAccessor: new SecretKeyAccessor(() => process.env.APP_SECRET ?? 'example secret, change me'),
    },
    // OTEL_CONSOLE=1: spans and metrics on the console (telemetry.ts), loaded only when asked for.
    ...(process.env.OTEL_CONSOLE === '1'
      ? {
          telemetry: (await import('./telemetry.js')).consoleTelemetry(
            new URL(process.env.INC_ENDPOINT ?? 'http://127.0.0.1').host,
          ),
        }
      : {}),
  }),
  repositories: [userEntity],
});

@Module({
  imports: [incountry],
  controllers: [UsersController],
  providers: [{ provide: APP_FILTER, useClass: StorageExceptionFilter }],
})
export class AppModule {}
