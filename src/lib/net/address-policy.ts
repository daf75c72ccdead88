import ipaddr from "ipaddr.js";

/**
 * Only globally routable unicast addresses may be reached from user-given URLs: private,
 * loopback, link-local (the cloud metadata address too), CGNAT, unique-local, multicast and
 * every reserved or tunnelling range are refused. IPv4-mapped IPv6 counts as its IPv4, and the
 * deprecated IPv4-compatible form (`::a.b.c.d`, which ipaddr.js calls unicast) is refused whole.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0))
    return false;
  return parsed.range() === "unicast";
}
