import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SecretKeyAccessor } from 'incountry-ts';
import { IncountryModule, StorageExceptionFilter } from 'incountry-ts/nestjs';
import { userEntity } from './user.model.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

// Environment id, credentials and endpoints come from the INC_* variables. Tests swap this module for
// IncountryTestingModule with overrideModule(incountry).
export const incountry = IncountryModule.forRoot({
  storage: { secretKeyAccessor: new SecretKeyAccessor(() => process.env.APP_SECRET ?? 'dev secret') },
  repositories: [userEntity],
});

@Module({
  imports: [incountry],
  controllers: [UsersController],
  providers: [UsersService, { provide: APP_FILTER, useClass: StorageExceptionFilter }],
})
export class AppModule {}
