import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./send-json";

export const DEMO_RECEIVER_PATH = "/api/demo/receiver";

/** The demo tenant's endpoint: takes any delivery, so a fresh install shows a working loop. */
export function handleDemoReceiver(req: IncomingMessage, res: ServerResponse) {
  req.resume();
  req.on("end", () => sendJson(res, 200, { received: true }));
}
