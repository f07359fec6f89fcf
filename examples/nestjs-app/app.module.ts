/**
 * The application module. It takes the Incountry module as a parameter, so production wires
 * `IncountryModule.forRootAsync(…)` and tests wire `IncountryTestingModule.forRoot(…)`.
 */
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
// In an application: from 'incountry-ts/nestjs'.
import { StorageExceptionFilter } from '../../src/nestjs/index.js';
import { UsersController } from './users.controller.js';

@Module({})
export class AppModule {
  static register(incountry: DynamicModule): DynamicModule {
    return {
      module: AppModule,
      imports: [incountry],
      controllers: [UsersController],
      providers: [{ provide: APP_FILTER, useClass: StorageExceptionFilter }],
    };
  }
}
