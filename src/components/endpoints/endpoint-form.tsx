"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { FormControl } from "@/components/ui/form-control";
import { LinkButton } from "@/components/ui/link-button";
import { toast } from "@/components/ui/toaster";
import type { endpointOut } from "@/domain/endpoints/schemas";
import { useTRPC } from "@/trpc/react";
import {
  changedFields,
  type EndpointFormValues,
  emptyForm,
  fieldsOf,
  formOf,
  issuesByField,
} from "./form-values";
import { KeyValueRows } from "./key-value-rows";
import { SecretOnce } from "./secret-once";
import { useEndpointAccess } from "./use-access";

type Endpoint = z.output<typeof endpointOut>;

/** Creates an endpoint (then shows its secret once), or edits one (only what changed is sent). */
export function EndpointForm(
  props: { mode: "create"; tenantId?: string } | { mode: "edit"; endpoint: Endpoint },
) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const access = useEndpointAccess();
  const tenants = access.configurableTenants;
  const [form, setForm] = useState<EndpointFormValues>(() =>
    props.mode === "edit" ? formOf(props.endpoint) : emptyForm(props.tenantId ?? ""),
  );
  const [sent, setSent] = useState<Record<string, unknown>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
  const create = useMutation(trpc.endpoints.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.endpoints.update.mutationOptions({ onSuccess: refresh }));
  const mutation = props.mode === "create" ? create : update;
  const errors = issuesByField(mutation.error?.data?.issues, sent);
  const set = <K extends keyof EndpointFormValues>(key: K, value: EndpointFormValues[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  // A caller of several tenants picks one; with one, it is that one.
  const tenantId = form.tenantId || (tenants.length === 1 ? (tenants[0]?.id ?? "") : "");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (props.mode === "create") {
      const fields = { ...fieldsOf(form), tenantId: tenantId || undefined };
      setSent(fields);
      const created = await create.mutateAsync(fields).catch(() => null);
      if (created) toast.success("Endpoint created");
      return;
    }
    const changes = changedFields(props.endpoint, form);
    setSent(changes);
    if (Object.keys(changes).length === 0) {
      toast.info("Nothing changed");
      return;
    }
    const saved = await update.mutateAsync({ id: props.endpoint.id, ...changes }).catch(() => null);
    if (saved) {
      toast.success("Endpoint saved");
      router.push(`/endpoints/${saved.id}`);
    }
  }

  if (props.mode === "create" && create.data) {
    return (
      <section aria-label="Endpoint created" className="max-w-3xl space-y-4">
        <h2 className="text-lg font-semibold">Endpoint created</h2>
        <p className="text-sm text-slate-700">
          <span className="font-medium">{create.data.url}</span> now receives{" "}
          {access.tenantName(create.data.tenantId)}'s events. Its signing secret:
        </p>
        <SecretOnce secret={create.data.secret} />
        <div className="flex gap-2">
          <LinkButton href={`/endpoints/${create.data.id}`}>Open the endpoint</LinkButton>
          <LinkButton variant="secondary" href="/endpoints">
            Back to endpoints
          </LinkButton>
        </div>
      </section>
    );
  }

  const fieldError = (name: string) => errors[name] ?? null;
  const unplaced = Object.keys(errors).filter((name) => !placedFields.has(name));
  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-6">
      <FormError
        message={
          mutation.error
            ? Object.keys(errors).length
              ? `Please correct the fields marked below.${unplaced.map((name) => ` ${name}: ${errors[name]}`).join("")}`
              : mutation.error.message
            : null
        }
      />
      <Section title="Destination">
        {props.mode === "create" && tenants.length > 1 && (
          <FormControl label="Tenant" error={fieldError("tenantId")}>
            {(control) => (
              <select
                {...control}
                value={form.tenantId}
                onChange={(event) => set("tenantId", event.target.value)}
                required
              >
                <option value="">Choose a tenant…</option>
                {tenants.map((tenant) => (
                  <option key={tenant.id} value={tenant.id}>
                    {tenant.name}
                  </option>
                ))}
              </select>
            )}
          </FormControl>
        )}
        <FormControl
          label="URL"
          hint="Where each event is POSTed, signed with Standard Webhooks headers."
          error={fieldError("url")}
        >
          {(control) => (
            <input
              {...control}
              type="url"
              value={form.url}
              placeholder="https://example.com/webhooks"
              onChange={(event) => set("url", event.target.value)}
              className={`${control.className} font-mono`}
              required
            />
          )}
        </FormControl>
        <FormControl label="Description" error={fieldError("description")}>
          {(control) => (
            <input
              {...control}
              value={form.description}
              placeholder="What receives these events"
              onChange={(event) => set("description", event.target.value)}
            />
          )}
        </FormControl>
      </Section>

      <Section title="Which events">
        <FormControl
          label="Event types"
          hint={
            <>
              Separated by commas: exact types (<code>claim.opened</code>), prefixes (
              <code>claim.*</code>) or <code>*</code> for every event.
            </>
          }
          error={fieldError("eventTypes")}
        >
          {(control) => (
            <input
              {...control}
              value={form.eventTypes}
              placeholder="claim.*, policy.bound"
              onChange={(event) => set("eventTypes", event.target.value)}
              className={`${control.className} font-mono`}
            />
          )}
        </FormControl>
        <KeyValueRows
          legend="Payload filter"
          hint='Only events whose payload has every path equal to its value ("region" = eu). Values such as 42, true or null are JSON; quote "42" for text.'
          error={fieldError("filter") ?? undefined}
          rows={form.filter}
          onChange={(rows) => set("filter", rows)}
          keyLabel="Filter path"
          valueLabel="Filter value"
          keyPlaceholder="data.region"
          valuePlaceholder="eu"
          itemLabel="filter"
          addLabel="Add a filter"
        />
      </Section>

      <Section title="Delivery">
        <KeyValueRows
          legend="Custom headers"
          hint="Sent with every request, beside the webhook-* signature headers."
          error={fieldError("headers") ?? undefined}
          rows={form.headers}
          onChange={(rows) => set("headers", rows)}
          keyLabel="Header name"
          valueLabel="Header value"
          keyPlaceholder="x-team"
          valuePlaceholder="claims"
          itemLabel="header"
          addLabel="Add a header"
        />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <FormControl
            label="Retry schedule"
            hint="Delays between attempts, e.g. 5s,5m,30m. Empty: the server's default."
            error={fieldError("retrySchedule")}
          >
            {(control) => (
              <input
                {...control}
                value={form.retrySchedule}
                placeholder="server default"
                onChange={(event) => set("retrySchedule", event.target.value)}
                className={`${control.className} font-mono`}
              />
            )}
          </FormControl>
          <div>
            <div className="flex items-start gap-2">
              <FormControl label="Rate limit" className="flex-1" error={fieldError("rateLimit")}>
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    min={1}
                    inputMode="numeric"
                    value={form.rateLimit}
                    placeholder="unlimited"
                    onChange={(event) => set("rateLimit", event.target.value)}
                  />
                )}
              </FormControl>
              <FormControl label="Per" className="w-24">
                {(control) => (
                  <select
                    {...control}
                    value={form.ratePeriod}
                    onChange={(event) => set("ratePeriod", event.target.value)}
                  >
                    <option value="1s">second</option>
                    <option value="1m">minute</option>
                    <option value="1h">hour</option>
                  </select>
                )}
              </FormControl>
            </div>
            <p className="mt-1 text-xs text-slate-500">Requests at most. Empty: unlimited.</p>
          </div>
          <FormControl
            label="Timeout (seconds)"
            hint="1 to 60. Empty: the server's default (15 s)."
            error={fieldError("timeoutMs")}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                max={60}
                value={form.timeoutSeconds}
                placeholder="15"
                onChange={(event) => set("timeoutSeconds", event.target.value)}
              />
            )}
          </FormControl>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(event) => set("enabled", event.target.checked)}
            className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
          />
          Enabled
          <span className="text-xs text-slate-500">
            (a disabled endpoint gets no deliveries, only test sends)
          </span>
        </label>
      </Section>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={mutation.isPending}>
          {props.mode === "create"
            ? mutation.isPending
              ? "Creating…"
              : "Create endpoint"
            : mutation.isPending
              ? "Saving…"
              : "Save changes"}
        </Button>
        <Link
          href={props.mode === "edit" ? `/endpoints/${props.endpoint.id}` : "/endpoints"}
          className="text-sm text-slate-600 hover:underline"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** The fields the form shows beside their control; other issues go to the summary. */
const placedFields = new Set([
  "tenantId",
  "url",
  "description",
  "eventTypes",
  "filter",
  "headers",
  "retrySchedule",
  "rateLimit",
  "timeoutMs",
]);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-label={title}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}
