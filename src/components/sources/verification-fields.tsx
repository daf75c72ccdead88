"use client";

import { Button } from "@/components/ui/button";
import { SelectControl, TextControl } from "@/components/ui/form-controls";
import {
  generateSecret,
  pickVerification,
  type SchemeName,
  type SourceFormState,
  usesWhsec,
} from "./form-state";
import { schemeLabels } from "./scheme";
import { UnverifiedWarning } from "./unverified-warning";

type Set = (patch: Partial<SourceFormState>) => void;

const presets = [
  ["preset:github", "GitHub (x-hub-signature-256)"],
  ["preset:shopify", "Shopify (x-shopify-hmac-sha256)"],
  ["preset:stripe", "Stripe"],
  ["preset:svix", "Svix"],
  ["preset:slack", "Slack"],
] as const;

/** The verification scheme (or a provider's preset), its header settings and the secret. */
export function VerificationFields({
  state,
  set,
  error,
  editing,
  hasSecret,
}: {
  state: SourceFormState;
  set: Set;
  error?: string;
  /** Editing: an empty secret keeps the current one. */
  editing: boolean;
  hasSecret: boolean;
}) {
  const needsSecret = state.scheme !== "none";
  return (
    <div className="grid grid-cols-2 gap-4">
      <SelectControl
        label="Verification scheme"
        value={state.scheme}
        error={error}
        hint="How Switchyard checks that a request comes from the provider."
        onChange={(event) => {
          const picked = pickVerification(event.target.value as SchemeName);
          // A generated secret follows the scheme's format; one the person typed is kept.
          const regenerate =
            !editing &&
            (state.secret === "" || usesWhsec(picked.scheme) !== usesWhsec(state.scheme));
          set({
            ...picked,
            ...(regenerate && picked.scheme !== "none"
              ? { secret: generateSecret(picked.scheme) }
              : {}),
          });
        }}
      >
        <optgroup label="Schemes">
          {(Object.keys(schemeLabels) as SchemeName[]).map((scheme) => (
            <option key={scheme} value={scheme}>
              {schemeLabels[scheme]}
            </option>
          ))}
        </optgroup>
        <optgroup label="Provider presets">
          {presets.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </optgroup>
      </SelectControl>
      {(state.scheme === "shared_secret" || state.scheme === "hmac_sha256") && (
        <TextControl
          label="Header"
          value={state.header}
          onChange={(event) => set({ header: event.target.value })}
          hint={
            state.scheme === "shared_secret"
              ? "Carries the secret as is."
              : "Carries the signature of the raw body."
          }
          mono
        />
      )}
      {state.scheme === "hmac_sha256" && (
        <>
          <SelectControl
            label="Encoding"
            value={state.encoding}
            onChange={(event) => set({ encoding: event.target.value as "hex" | "base64" })}
          >
            <option value="hex">hex</option>
            <option value="base64">base64</option>
          </SelectControl>
          <TextControl
            label="Prefix"
            value={state.prefix}
            placeholder="sha256="
            hint="Before the signature, if the provider adds one."
            onChange={(event) => set({ prefix: event.target.value })}
          />
        </>
      )}
      {!needsSecret && <UnverifiedWarning className="col-span-2" />}
      {needsSecret && (
        <div className="col-span-2 flex items-end gap-2">
          <TextControl
            label={editing ? "New secret" : "Secret"}
            className="flex-1"
            value={state.secret}
            autoComplete="off"
            spellCheck={false}
            placeholder={editing && hasSecret ? "Leave empty to keep the current secret" : ""}
            hint={
              usesWhsec(state.scheme)
                ? "whsec_ followed by base64, as the provider shows it."
                : "The provider's signing secret or token."
            }
            onChange={(event) => set({ secret: event.target.value })}
          />
          <Button
            variant="secondary"
            className="mb-5"
            onClick={() => set({ secret: generateSecret(state.scheme) })}
          >
            Generate
          </Button>
        </div>
      )}
    </div>
  );
}
