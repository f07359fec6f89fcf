/**
 * Keeps our classes working behind the Proxies that instrumentation wraps around objects (Nest's
 * `instrument` option, OpenTelemetry's Nest instrumentation, APM agents). Their `get` traps hand out a
 * wrapper for each method, which calls the original with `this` = the proxy, and a proxy fails every
 * `#private` brand check ("Cannot read private member …"). So each instance records itself under a
 * module-private symbol (a `get` trap passes a non-function value through unchanged, and must, since the
 * property is read-only and non-configurable), and each prototype member runs on the recorded instance.
 * See docs/architecture.md#public-surface.
 */

const TARGET: unique symbol = Symbol('incountry.proxyTarget');

/** Records `instance` as the object its methods run on, also when they are called through a Proxy. */
export function recordProxyTarget(instance: object): void {
  Object.defineProperty(instance, TARGET, { value: instance });
}

/**
 * The instance behind `value` when `value` is a Proxy of (or an object derived from) one of our recorded
 * instances; `value` itself otherwise. Reading a symbol cannot fail on an ordinary object.
 */
export function proxyTarget(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return (value as { readonly [TARGET]?: unknown })[TARGET] ?? value;
}

/**
 * Makes every method, getter and setter of `cls.prototype` run on {@link proxyTarget}(`this`), so
 * `#private` members work when the instance is reached through a Proxy. Call once, after the class;
 * the constructor calls {@link recordProxyTarget}.
 */
export function runOnProxyTarget(cls: abstract new (...args: never[]) => object): void {
  const prototype = cls.prototype as object;
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
    if (descriptor === undefined) continue;
    const { value, get, set } = descriptor;
    Object.defineProperty(prototype, key, {
      ...descriptor,
      ...(typeof value === 'function' ? { value: onTarget(value) } : {}),
      ...(get === undefined ? {} : { get: onTarget(get) }),
      ...(set === undefined ? {} : { set: onTarget(set) }),
    });
  }
}

function onTarget(original: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const onTargetMethod = function (this: unknown, ...args: unknown[]): unknown {
    return original.apply(proxyTarget(this), args);
  };
  // Stack traces and inspection keep the method's own name.
  Object.defineProperty(onTargetMethod, 'name', { value: original.name });
  return onTargetMethod;
}
