/**
 * Control routes under /_simulator/, for tests and tools that run the simulator in another process
 * (standalone.ts). Same Basic auth as the REST API; JSON in, JSON out; never faulted.
 *
 *   POST /_simulator/inbound   TextBusinessArgs (at: ISO date-time; media bytes as base64)
 *                              → { sid, webhookStatus }
 *   POST /_simulator/faults    { reset?, rest?: RestFault[], callbacks?: {duplicate?, reorder?},
 *                                deliveryErrors?: [{ to, errorCode|null, status? }] } → snapshot
 *                              (reset is applied first, then the rest in that order)
 *   GET  /_simulator/faults    → what is armed now
 *   GET  /_simulator/stats     → stats()
 *   GET  /_simulator/messages  → messages(), dates as ISO strings
 */
import { z } from 'zod';
import type { FaultState } from './faults';
import type { TextBusinessArgs, TextBusinessResult } from './inbound';
import type { ApiResponse } from './rest';
import type { SimulatorMessage, SimulatorStats } from './store';

export interface ControlDeps {
  textBusiness(args: TextBusinessArgs): Promise<TextBusinessResult>;
  faults: FaultState;
  stats(): SimulatorStats;
  messages(): SimulatorMessage[];
}

const inboundSchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1).optional(),
    body: z.string(),
    profileName: z.string().min(1).max(200).optional(),
    // An item with `url`: content elsewhere. Otherwise the simulator keeps the bytes (`base64`,
    // or its demo picture), behind Basic auth and a redirect to its storage.
    media: z
      .array(
        z
          .object({
            url: z.string().min(1).optional(),
            contentType: z.string().min(1).optional(),
            base64: z.base64().optional(),
          })
          .strict(),
      )
      .max(10)
      .optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    deliverWebhook: z.boolean().optional(),
  })
  .strict();

const faultCommon = {
  times: z.number().int().min(1).optional(),
  match: z
    .object({
      method: z.enum(['GET', 'POST']).optional(),
      pathSuffix: z.string().optional(),
      pathIncludes: z.string().optional(),
    })
    .strict()
    .optional(),
};

const restFaultSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('rateLimit'),
      retryAfterSeconds: z.number().int().min(0).optional(),
      ...faultCommon,
    })
    .strict(),
  z.object({ kind: z.literal('serverError'), ...faultCommon }).strict(),
  z.object({ kind: z.literal('notFound'), ...faultCommon }).strict(),
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().min(0), ...faultCommon }).strict(),
  z.object({ kind: z.literal('drop'), ...faultCommon }).strict(),
]);

const faultsSchema = z
  .object({
    reset: z.boolean().optional(),
    rest: z.array(restFaultSchema).optional(),
    callbacks: z
      .object({ duplicate: z.boolean().optional(), reorder: z.boolean().optional() })
      .strict()
      .optional(),
    deliveryErrors: z
      .array(
        z
          .object({
            to: z.string().min(1),
            errorCode: z.number().int().nullable(),
            status: z.enum(['undelivered', 'failed']).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export async function handleControl(
  deps: ControlDeps,
  req: { method: string; path: string; rawBody: string },
): Promise<ApiResponse> {
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case 'POST /_simulator/inbound': {
      const parsed = parseJson(inboundSchema, req.rawBody);
      if (!parsed.success) return parsed.response;
      const { at, media, ...args } = parsed.data;
      try {
        return {
          status: 200,
          body: await deps.textBusiness({
            ...args,
            ...(at ? { at: new Date(at) } : {}),
            ...(media ? { media: media.map(withBytes) } : {}),
          }),
        };
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
    }
    case 'POST /_simulator/faults': {
      const parsed = parseJson(faultsSchema, req.rawBody);
      if (!parsed.success) return parsed.response;
      const { reset, rest = [], callbacks, deliveryErrors = [] } = parsed.data;
      if (reset) deps.faults.reset();
      for (const fault of rest) deps.faults.injectRest(fault);
      if (callbacks) deps.faults.setCallbackFaults(callbacks);
      for (const { to, errorCode, status } of deliveryErrors) {
        deps.faults.setDeliveryError(to, errorCode, status);
      }
      return { status: 200, body: deps.faults.snapshot() };
    }
    case 'GET /_simulator/faults':
      return { status: 200, body: deps.faults.snapshot() };
    case 'GET /_simulator/stats':
      return { status: 200, body: deps.stats() };
    case 'GET /_simulator/messages':
      return { status: 200, body: deps.messages() };
    default:
      return { status: 404, body: { error: `no control route ${route}` } };
  }
}

/** A media item of the JSON body, its base64 content as bytes. */
function withBytes({ base64, ...item }: { url?: string; contentType?: string; base64?: string }) {
  return base64 === undefined ? item : { ...item, bytes: Buffer.from(base64, 'base64') };
}

type Parsed<T> = { success: true; data: T } | { success: false; response: ApiResponse };

function parseJson<T>(schema: z.ZodType<T>, raw: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw || '{}');
  } catch {
    return { success: false, response: badRequest('body is not JSON') };
  }
  const result = schema.safeParse(json);
  if (result.success) return { success: true, data: result.data };
  return { success: false, response: badRequest(z.prettifyError(result.error)) };
}

function badRequest(error: string): ApiResponse {
  return { status: 400, body: { error } };
}
