import ipaddr from "ipaddr.js";

/**
 * Only globally routable unicast addresses may be reached from user-given URLs: private,
 * loopback, link-local (the cloud metadata address too), CGNAT, unique-local, multicast and
 * every reserved or tunnelling range are refused. IPv4-mapped IPv6 counts as its IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}
