"use client";

import { Dialog } from "radix-ui";
import { type ReactNode, useState } from "react";
import { Button } from "./button";

/**
 * A destructive action behind a confirmation: the trigger and the confirming button carry the
 * same name (PRODUCT.md), so "Remove" asks, and "Remove" in the dialog does it.
 */
export function ConfirmDialog({
  action,
  title,
  description,
  onConfirm,
  triggerLabel,
}: {
  action: string;
  title: string;
  description: ReactNode;
  onConfirm: () => Promise<unknown> | undefined;
  /** The trigger's accessible name when it differs from the visible `action`. */
  triggerLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="secondary" aria-label={triggerLabel}>
          {action}
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-[28rem] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-slate-600">
            {description}
          </Dialog.Description>
          <div className="mt-6 flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="secondary">Cancel</Button>
            </Dialog.Close>
            <Button
              variant="danger"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await onConfirm();
                  setOpen(false);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {action}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
