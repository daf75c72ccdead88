"use client";

import { Toaster as Sonner, toast } from "sonner";

/** Where results and errors of actions appear (bottom right, announced to screen readers). */
export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton />;
}

export { toast };
