/**
 * The host-permission match pattern for an origin: scheme and host, every path. Match patterns
 * carry no port (Chrome grants the host on every port), so a port in `origin` is dropped.
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
