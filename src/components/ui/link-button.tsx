import Link from "next/link";
import type { ComponentProps } from "react";
import { type ButtonVariant, buttonClass } from "./button";

/** A link that looks like a button: for actions that open a page ("New source", "Edit"). */
export function LinkButton({
  variant = "primary",
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: ButtonVariant }) {
  return <Link className={buttonClass(variant, className)} {...props} />;
}
