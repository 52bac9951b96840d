/**
 * Fault injection: the ways a real carrier misbehaves, armed by tests (or the control route) and
 * consumed by the server and the status walker.
 *
 * - REST faults are queued: each says what to do to the next `times` requests matching `match`.
 *   A request consumes at most one armed fault (the oldest that matches), so "429 twice, then a 500"
 *   is two injectRest calls in that order.
 * - Callback faults are modes that stay on until turned off: `duplicate` posts every status
 *   callback twice; `reorder` posts the walk's callbacks newest status first (e.g. delivered, sent,
 *   sending), as Twilio is allowed to. The stored message still moves forward in true order.
 * - Delivery errors map a To number to a final status + ErrorCode; they win over MAGIC_DELIVERY.
 */
import { MAGIC_DELIVERY, type DeliveryOutcome, type FinalFailure } from './magicNumbers';

export type RestFaultKind =
  /** HTTP 429, code 20429, with a Retry-After header (seconds, default 1). */
  | { kind: 'rateLimit'; retryAfterSeconds?: number }
  /** HTTP 500, code 20500. */
  | { kind: 'serverError' }
  /** HTTP 404, code 20404: the resource is gone (deleted at the carrier meanwhile). */
  | { kind: 'notFound' }
  /** Wait `delayMs`, then handle the request normally (the work happens even if the client gave up). */
  | { kind: 'slow'; delayMs: number }
  /** Destroy the socket without answering and without handling the request. */
  | { kind: 'drop' };

export interface RestFaultMatch {
  /** 'GET' or 'POST'; any method when left out. */
  method?: string;
  /** The request path (query excluded) must end with this, e.g. '/Messages.json'. */
  pathSuffix?: string;
  /** The request path must contain this, e.g. MEDIA_CONTENT's '/Media/ME' (any media item). */
  pathIncludes?: string;
}

export type RestFault = RestFaultKind & {
  /** How many matching requests this fault hits; default 1. */
  times?: number;
  /** Which requests; every Twilio REST request when left out. Control routes are never faulted. */
  match?: RestFaultMatch;
};

/** Only Messages create: POST .../Messages.json (list is a GET on the same path). */
export const MESSAGES_CREATE: RestFaultMatch = { method: 'POST', pathSuffix: '/Messages.json' };
/** Only media URLs (GET .../Media/ME…, what redirects to the bytes), not the Media.json resources. */
export const MEDIA_CONTENT: RestFaultMatch = { method: 'GET', pathIncludes: '/Media/ME' };

export interface CallbackFaults {
  duplicate: boolean;
  reorder: boolean;
}

export interface ArmedRestFault {
  fault: RestFaultKind;
  remaining: number;
  match: RestFaultMatch;
}

export interface FaultSnapshot {
  rest: ArmedRestFault[];
  callbacks: CallbackFaults;
  deliveryErrors: Record<string, DeliveryOutcome>;
}

export interface FaultControls {
  /** Arm a REST fault for the next `times` (default 1) matching requests. */
  injectRest(fault: RestFault): void;
  /** Turn callback duplication / reordering on or off; fields left out keep their value. */
  setCallbackFaults(faults: Partial<CallbackFaults>): void;
  /** Every later send to `to` ends `status` (default 'undelivered') with `errorCode`; null clears. */
  setDeliveryError(to: string, errorCode: number | null, status?: FinalFailure): void;
  /** A healthy carrier again: no armed REST faults, callbacks once and in order, no custom delivery
   * errors. The built-in magic numbers keep working. */
  reset(): void;
  snapshot(): FaultSnapshot;
}

/** The controls plus what the simulator itself asks of them. */
export class FaultState implements FaultControls {
  private rest: ArmedRestFault[] = [];
  private callbacks: CallbackFaults = { duplicate: false, reorder: false };
  private deliveryErrors = new Map<string, DeliveryOutcome>();

  injectRest(fault: RestFault): void {
    const { times = 1, match = {}, ...kind } = fault;
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError('times must be an integer >= 1');
    if (kind.kind === 'slow' && !(kind.delayMs >= 0)) throw new RangeError('delayMs must be >= 0');
    this.rest.push({ fault: kind, remaining: times, match: { ...match } });
  }

  setCallbackFaults(faults: Partial<CallbackFaults>): void {
    this.callbacks = { ...this.callbacks, ...faults };
  }

  setDeliveryError(
    to: string,
    errorCode: number | null,
    status: FinalFailure = 'undelivered',
  ): void {
    if (errorCode === null) this.deliveryErrors.delete(to);
    else this.deliveryErrors.set(to, { status, errorCode });
  }

  reset(): void {
    this.rest = [];
    this.callbacks = { duplicate: false, reorder: false };
    this.deliveryErrors.clear();
  }

  snapshot(): FaultSnapshot {
    return {
      rest: this.rest.map((armed) => ({ ...armed, match: { ...armed.match } })),
      callbacks: { ...this.callbacks },
      deliveryErrors: Object.fromEntries(this.deliveryErrors),
    };
  }

  /** Consumes one hit of the oldest armed fault that matches this request, if any. */
  takeRestFault(method: string, path: string): RestFaultKind | undefined {
    const index = this.rest.findIndex(({ match }) => matches(match, method, path));
    const armed = this.rest[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.rest.splice(index, 1);
    return armed.fault;
  }

  callbackModes(): CallbackFaults {
    return { ...this.callbacks };
  }

  deliveryOutcome(to: string): DeliveryOutcome | undefined {
    return this.deliveryErrors.get(to) ?? MAGIC_DELIVERY[to];
  }
}

function matches(match: RestFaultMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.pathSuffix && !path.endsWith(match.pathSuffix)) return false;
  if (match.pathIncludes && !path.includes(match.pathIncludes)) return false;
  return true;
}
