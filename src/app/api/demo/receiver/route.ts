/** The demo tenant's endpoint: accepts any delivery so a fresh install has a working loop. */
export async function POST(req: Request) {
  await req.arrayBuffer();
  return Response.json({ received: true });
}
