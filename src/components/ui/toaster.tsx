"use client";

import { Toaster as Sonner, toast } from "sonner";

/** Where results and errors of actions appear (bottom right, announced to screen readers). */
export function Toaster() {
  // Sonner's plain theme: its "rich" success green measures 4.3:1 against white text.
  return <Sonner position="bottom-right" closeButton />;
}

export { toast };
