// bench:delivery's same-run baseline: runs bare-delivery-loop.ts in a child process against a
// local receiver that checks every signature, as the Switchyard phases' receivers do.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { startReceiver } from "../../tests/support/receiver";
import { verified } from "./delivery-tally";

export interface BareLoopResult {
  deliveries: number;
  received: number;
  badSignatures: number;
  seconds: number;
  perSecond: number;
}

export async function measureBareDeliveryLoop(
  databaseUrl: string,
  deliveries: number,
): Promise<BareLoopResult> {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const webhook = new Webhook(secret);
  let badSignatures = 0;
  const receiver = await startReceiver((_n, request) => {
    if (!verified(webhook, request)) badSignatures++;
    return { status: 200 };
  });
  try {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/bench/bare-delivery-loop.ts"],
      {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          RECEIVER_URL: receiver.url,
          WEBHOOK_SECRET: secret,
          DELIVERIES: String(deliveries),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`the bare delivery loop exited with ${code}`);
    const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
      succeeded: number;
      seconds: number;
    };
    return {
      deliveries,
      received: receiver.received.length,
      badSignatures,
      seconds: result.seconds,
      perSecond: result.succeeded / result.seconds,
    };
  } finally {
    await receiver.stop();
  }
}
