import { Injectable } from '@nestjs/common';
import { InjectRepository } from 'incountry-ts/nestjs';
import { User, type UserRepository } from './user.model.js';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: UserRepository) {}

  // No return type annotations: `declaration: true` must be able to name what these return.
  adults() {
    return this.users.in('us').where('age').gte(18);
  }

  save(user: unknown) {
    // The repository validates the body; StorageExceptionFilter turns InputValidationError into a 400.
    return this.users.in('us').save(user as User);
  }

  get(id: string) {
    return this.users.in('us').get(id);
  }
}
