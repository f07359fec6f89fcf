// Stands in for @nestjs/observe's ObserveInstrument (which needs an account) and for Proxy-based tracers
// such as OpenTelemetry's Nest instrumentation: every provider is wrapped in a Proxy whose `get` trap
// returns a wrapping function, called with the proxy as `this`.
export const traced = new Map<string, number>();

export const TracingInstrument = {
  instanceDecorator(instance: unknown): unknown {
    if (typeof instance !== 'object' || instance === null) return instance;
    const name = instance.constructor?.name ?? 'Object';
    return new Proxy(instance, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property === 'symbol' || property === 'constructor')
          return value;
        return function (this: unknown, ...args: unknown[]): unknown {
          const span = `${name}.${property}`;
          traced.set(span, (traced.get(span) ?? 0) + 1);
          return Reflect.apply(value, this, args);
        };
      },
    });
  },
};
