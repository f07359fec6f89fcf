/**
 * The REST endpoints: `POST /:country/users`, `GET /:country/users/:id`,
 * `GET /:country/users?email=…&minAge=…`, `DELETE /:country/users/:id`. Injection is explicit
 * (`@InjectRepository`), so the app needs `experimentalDecorators` but not `emitDecoratorMetadata`.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { z } from 'zod';
import { formatIssues, InputValidationError, zodIssues } from '../../src/index.js';
// In an application: from 'incountry-ts/nestjs'.
import { InjectRepository } from '../../src/nestjs/index.js';
import { User, type UserRepository } from './user-model.js';

const listQuery = z.object({
  email: z.string().min(1).optional(),
  minAge: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

@Controller(':country/users')
export class UsersController {
  constructor(@InjectRepository(User) private readonly users: UserRepository) {}

  @Post()
  create(@Param('country') country: string, @Body() body: unknown): Promise<User> {
    // The repository validates the body with the model (InputValidationError -> 400 in the filter).
    return this.users.in(country).save(body as User);
  }

  @Get(':id')
  async get(@Param('country') country: string, @Param('id') id: string): Promise<User> {
    const user = await this.users.in(country).get(id);
    if (user === null) throw new NotFoundException('no such user');
    return user;
  }

  @Get()
  async list(@Param('country') country: string, @Query() query: unknown) {
    const parsed = listQuery.safeParse(query);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new InputValidationError(`invalid query string: ${formatIssues(issues)}`, { issues });
    }
    const { email, minAge, limit, offset } = parsed.data;
    const page = await this.users
      .in(country)
      .$if(email !== undefined, (q) => q.where('email').eq(email ?? ''))
      .$if(minAge !== undefined, (q) => q.where('age').gte(minAge ?? 0))
      .sortBy('age', 'desc')
      .limit(limit)
      .offset(offset)
      .find();
    return { data: page.data, meta: page.meta, unreadable: page.errors?.length ?? 0 };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('country') country: string, @Param('id') id: string): Promise<void> {
    if (!(await this.users.in(country).delete(id))) throw new NotFoundException('no such user');
  }
}
