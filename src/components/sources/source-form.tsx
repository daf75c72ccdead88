"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { CheckboxControl, SelectControl, TextControl } from "@/components/ui/form-controls";
import { LinkButton } from "@/components/ui/link-button";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/trpc/react";
import {
  emptyForm,
  fieldsOf,
  formOf,
  generateSecret,
  type SourceFormState,
  type SourceOut,
  slugify,
  verificationChanged,
  verificationOf,
} from "./form-state";
import { CheckFields, EnrichmentFields, ReadingFields } from "./reading-fields";
import { serverErrors } from "./server-errors";
import { SourceCreated } from "./source-created";
import { TrackingFields } from "./tracking-fields";
import { VerificationFields } from "./verification-fields";

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={title}
      className="grid grid-cols-[14rem_1fr] gap-6 border-t border-slate-200 py-6 first:border-t-0 first:pt-0"
    >
      <div>
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        <p className="mt-1 text-xs text-slate-500">{description}</p>
      </div>
      <div>{children}</div>
    </section>
  );
}

/** Creates a source (then shows its secret once) or edits one (`source`). */
export function SourceForm({
  source,
  tenantId: initialTenant,
}: {
  source?: SourceOut;
  tenantId?: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const editing = source !== undefined;
  const [initial] = useState<SourceFormState>(() =>
    source
      ? formOf(source)
      : {
          ...emptyForm,
          tenantId: initialTenant ?? "",
          secret: generateSecret(emptyForm.scheme),
        },
  );
  const [state, setState] = useState(initial);
  const [slugTouched, setSlugTouched] = useState(editing);
  const set = (patch: Partial<SourceFormState>) => setState((s) => ({ ...s, ...patch }));
  const tenants = useQuery({ ...trpc.tenants.list.queryOptions({}), enabled: !editing });

  const create = useMutation(trpc.sources.create.mutationOptions());
  const update = useMutation(trpc.sources.update.mutationOptions());
  const failed = serverErrors(create.error ?? update.error);
  const errors = failed.fields;
  const busy = create.isPending || update.isPending;

  if (create.data) return <SourceCreated created={create.data} />;

  const tenantChoices = tenants.data?.items ?? [];
  const tenantId = state.tenantId || (tenantChoices.length === 1 ? tenantChoices[0]?.id : "");

  async function submit(event: FormEvent) {
    event.preventDefault();
    create.reset();
    update.reset();
    if (!source) {
      await create
        .mutateAsync({
          ...fieldsOf(state),
          tenantId: tenantId || undefined,
          slug: state.slug,
          verification: verificationOf(state),
        })
        .then(() => queryClient.invalidateQueries({ queryKey: trpc.sources.pathKey() }))
        .catch(() => undefined);
      return;
    }
    let verification: ReturnType<typeof verificationOf> | undefined;
    if (verificationChanged(initial, state)) {
      verification = verificationOf(state);
      // Settings changed but no new secret typed: the current secret goes with them.
      if (verification.scheme !== "none" && !verification.secret && source.verification.hasSecret) {
        const current = await queryClient.fetchQuery(
          trpc.sources.secret.queryOptions({ id: source.id }),
        );
        verification = { ...verification, secret: current.secret ?? undefined };
      }
    }
    try {
      await update.mutateAsync({ id: source.id, ...fieldsOf(state), verification });
      await queryClient.invalidateQueries({ queryKey: trpc.sources.pathKey() });
      toast.success(`Saved ${state.name}`);
      router.push(`/sources/${source.id}`);
    } catch {
      // Shown beside the fields.
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-label="Source">
      <FormError message={failed.summary} />
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <Section title="Source" description="Who it belongs to, and the name in its URL.">
          <div className="grid grid-cols-2 gap-4">
            {editing ? (
              <TextControl label="Slug" value={state.slug} disabled mono />
            ) : (
              <SelectControl
                label="Tenant"
                value={tenantId}
                error={errors.tenantId}
                required
                onChange={(event) => set({ tenantId: event.target.value })}
              >
                <option value="" disabled>
                  {tenants.isPending ? "Loading…" : "Choose a tenant"}
                </option>
                {tenantChoices.map((tenant) => (
                  <option key={tenant.id} value={tenant.id}>
                    {tenant.name}
                  </option>
                ))}
              </SelectControl>
            )}
            <TextControl
              label="Name"
              value={state.name}
              error={errors.name}
              required
              placeholder="CRM leads"
              onChange={(event) =>
                set({
                  name: event.target.value,
                  ...(slugTouched ? {} : { slug: slugify(event.target.value) }),
                })
              }
            />
            {!editing && (
              <TextControl
                label="Slug"
                value={state.slug}
                error={errors.slug}
                required
                mono
                placeholder="crm-leads"
                hint={`Providers post to /api/webhooks/${state.slug || "<slug>"}`}
                onChange={(event) => {
                  setSlugTouched(true);
                  set({ slug: event.target.value });
                }}
              />
            )}
            <CheckboxControl
              label="Enabled"
              hint="A disabled source answers 404 and stores nothing."
              checked={state.enabled}
              onChange={(event) => set({ enabled: event.target.checked })}
              className="self-end pb-1"
            />
          </div>
        </Section>
        <Section
          title="Verification"
          description="Requests that fail it are refused with 401 and nothing is stored."
        >
          <VerificationFields
            state={state}
            set={set}
            error={errors.verification}
            editing={editing}
            hasSecret={source?.verification.hasSecret ?? false}
          />
        </Section>
        <Section
          title="Reading requests"
          description="Where the event type, the subject and the idempotency key come from."
        >
          <ReadingFields state={state} set={set} errors={errors} />
        </Section>
        <Section
          title="Checks and limits"
          description="What each item must carry; how much a request may be."
        >
          <CheckFields state={state} set={set} errors={errors} />
        </Section>
        <Section
          title="Enrichment"
          description="Extra data looked up for each event, in the background."
        >
          <EnrichmentFields state={state} set={set} errors={errors} />
        </Section>
        <Section
          title="Subject tracking"
          description="How events move their subject's state: status, progress, result. Optional."
        >
          <TrackingFields
            state={state}
            set={(patch) => setState((s) => ({ ...s, tracking: { ...s.tracking, ...patch } }))}
            paths={failed.paths}
          />
        </Section>
      </div>
      <div className="flex justify-end gap-2">
        <LinkButton variant="secondary" href={source ? `/sources/${source.id}` : "/sources"}>
          Cancel
        </LinkButton>
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : editing ? "Save source" : "Create source"}
        </Button>
      </div>
    </form>
  );
}
