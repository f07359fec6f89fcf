import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IncountryTestingModule } from 'incountry-ts/nestjs';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { AppModule, incountry } from './../src/app.module.js';
import { TracingInstrument, traced } from './../src/tracing.instrument.js';
import { userEntity } from './../src/user.model.js';

// Once with the in-memory IncountryTestingModule, once against `incountry pop` (the INC_* variables).
describe.each([
  { against: 'IncountryTestingModule', testing: true },
  { against: 'incountry pop', testing: false },
])('UsersController (e2e) against $against, providers instrumented', ({ testing }) => {
  let app: INestApplication<App>;
  const run = testing ? 'mem' : `pop${process.pid}`;

  beforeAll(async () => {
    const builder = Test.createTestingModule({ imports: [AppModule] }, { instrument: TracingInstrument });
    const moduleFixture: TestingModule = await (testing
      ? builder
          .overrideModule(incountry)
          .useModule(IncountryTestingModule.forRoot({ repositories: [userEntity] }))
      : builder
    ).compile();
    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('POST /users then GET /users/:id', async () => {
    const ada = { id: `${run}-ada`, email: 'ada@example.com', name: 'Ada', age: 36 };
    await request(app.getHttpServer()).post('/users').send(ada).expect(201);
    await request(app.getHttpServer()).get(`/users/${ada.id}`).expect(200).expect(ada);
  });

  it('GET /users/adults runs the query a service method returns', async () => {
    await request(app.getHttpServer())
      .post('/users')
      .send({ id: `${run}-kid`, email: 'kid@example.com', name: 'Kid', age: 9 })
      .expect(201);
    const response = await request(app.getHttpServer()).get('/users/adults').expect(200);
    expect(response.body).toContain(`${run}-ada`);
    expect(response.body).not.toContain(`${run}-kid`);
  });

  it('400 with the issues for an invalid body (StorageExceptionFilter)', async () => {
    const response = await request(app.getHttpServer())
      .post('/users')
      .send({ id: `${run}-bad`, email: 'nope', name: 'Bob', age: 1 })
      .expect(400);
    expect(response.body).toMatchObject({ error: 'INPUT_VALIDATION', issues: [{ path: ['email'] }] });
  });

  it('went through the instrument (the service and the repositories are Proxy-wrapped)', () => {
    expect(traced.get('UsersService.adults')).toBeGreaterThan(0);
    expect([...traced.keys()].some((span) => span.endsWith('.in'))).toBe(true);
  });

  it('404 for an unknown id', () => request(app.getHttpServer()).get(`/users/${run}-nobody`).expect(404));
});
