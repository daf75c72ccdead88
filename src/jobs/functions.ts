import type { InngestFunction } from "inngest";

/**
 * Every Inngest function Switchyard serves. Inbound processing, fan-out, delivery and
 * polling arrive with their issues (#5, #6); each step calls into src/domain.
 */
export const functions: InngestFunction.Any[] = [];
