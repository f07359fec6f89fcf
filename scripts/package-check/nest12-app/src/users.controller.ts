import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import type { User } from './user.model.js';
import { UsersService } from './users.service.js';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body() body: unknown): Promise<User> {
    return this.users.save(body);
  }

  @Get('adults')
  async adults(): Promise<string[]> {
    const { data } = await this.users.adults().sortBy('age', 'asc').find();
    return data.map((user) => user.id);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<User> {
    const user = await this.users.get(id);
    if (user === null) throw new NotFoundException('no such user');
    return user;
  }
}
