import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { StorageExceptionFilter } from 'incountry-ts/nestjs';
import { UsersController } from './users.controller';

@Module({})
export class AppModule {
  /** Production passes IncountryModule.forRoot(…); the e2e test passes IncountryTestingModule.forRoot(…). */
  static register(incountry: DynamicModule): DynamicModule {
    return {
      module: AppModule,
      imports: [incountry],
      controllers: [UsersController],
      providers: [{ provide: APP_FILTER, useClass: StorageExceptionFilter }],
    };
  }
}
