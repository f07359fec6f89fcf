import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { InjectRepository } from 'incountry-ts/nestjs';
import { User, type UserRepository } from './user.model';

@Controller('users')
export class UsersController {
  constructor(@InjectRepository(User) private readonly users: UserRepository) {}

  @Post()
  create(@Body() body: unknown): Promise<User> {
    // The repository validates the body; StorageExceptionFilter turns InputValidationError into a 400.
    return this.users.in('us').save(body as User);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<User> {
    const user = await this.users.in('us').get(id);
    if (user === null) throw new NotFoundException('no such user');
    return user;
  }
}
