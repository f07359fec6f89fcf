import { NestFactory } from '@nestjs/core';
import { SecretKeyAccessor } from 'incountry-ts';
import { IncountryModule } from 'incountry-ts/nestjs';
import { AppModule } from './app.module';
import { userEntity } from './user.model';

async function bootstrap() {
  // Environment id, credentials and endpoints come from the INC_* variables.
  const incountry = IncountryModule.forRoot({
    storage: { secretKeyAccessor: new SecretKeyAccessor(() => process.env.APP_SECRET ?? 'dev secret') },
    repositories: [userEntity],
  });
  const app = await NestFactory.create(AppModule.register(incountry), { logger: ['error', 'warn'] });
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
  console.log(`listening on ${await app.getUrl()}`);
}
void bootstrap();
