/** node:net takes an IPv6 host without the brackets a host:port setting needs around it. */
export function unbracketed(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}
