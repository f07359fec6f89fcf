import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { TracingInstrument } from './tracing.instrument.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule, {
    instrument: TracingInstrument,
    logger: ['error', 'warn'],
  });
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
  console.log(`listening on ${await app.getUrl()}`);
}
await bootstrap();
