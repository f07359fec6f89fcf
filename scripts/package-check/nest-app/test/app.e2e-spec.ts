import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IncountryTestingModule } from 'incountry-ts/nestjs';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AppModule } from './../src/app.module';
import { userEntity } from './../src/user.model';

describe('UsersController (e2e)', () => {
  let app: INestApplication<App>;

  beforeAll(async () => {
    const moduleFixture: TestingModule = await Test.createTestingModule({
      imports: [AppModule.register(IncountryTestingModule.forRoot({ repositories: [userEntity] }))],
    }).compile();
    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('POST /users then GET /users/:id', async () => {
    const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada' };
    await request(app.getHttpServer()).post('/users').send(ada).expect(201);
    await request(app.getHttpServer()).get('/users/u1').expect(200).expect(ada);
  });

  it('400 with the issues for an invalid body (StorageExceptionFilter)', async () => {
    const response = await request(app.getHttpServer())
      .post('/users')
      .send({ id: 'u2', email: 'nope', name: 'Bob' })
      .expect(400);
    expect(response.body).toMatchObject({ error: 'INPUT_VALIDATION', issues: [{ path: ['email'] }] });
  });

  it('404 for an unknown id', () => request(app.getHttpServer()).get('/users/nobody').expect(404));
});
