import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

// The look of <Button>, for navigation: a link is announced and opened as one (new tab too).
const variants = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700",
  secondary: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
};

export function ButtonLink({
  variant = "primary",
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: keyof typeof variants }) {
  return (
    <Link
      className={cn(
        "inline-flex items-center justify-center rounded-md px-3 py-1.5 text-sm font-medium",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
        variants[variant],
        className,
      )}
      {...props}
    />
  );
}
