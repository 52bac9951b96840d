/**
 * The base URL Twilio calls: SWITCHBOARD_PUBLIC_URL or the tunnel's URL when there is one, the
 * webhook listener's own URL otherwise. Webhook signatures are checked against it and status
 * callbacks are asked for under it, so every change is passed on (demo mode re-points the
 * simulated number).
 */
export class PublicAddress {
  private chosen: string | undefined;
  private listener: string | undefined;

  /**
   * `listenerServesCarrier`: demo mode, where the simulated carrier runs on this machine and
   * reaches the listener itself.
   */
  constructor(
    configured: string | undefined,
    private readonly onChange: (url: string) => void,
    private readonly listenerServesCarrier = false,
  ) {
    this.chosen = configured === undefined ? undefined : withoutTrailingSlash(configured);
  }

  /**
   * The listener is up. Signatures are checked against `url()` from the first request on, and no
   * request can arrive before the listener listens, so this is called right after it starts.
   */
  listening(listenerUrl: string): void {
    this.listener = listenerUrl;
    this.onChange(this.url());
  }

  readonly url = (): string => {
    const url = this.chosen ?? this.listener;
    if (url === undefined) throw new Error('No public URL before the webhook listener listens');
    return url;
  };

  /**
   * An address the carrier itself can reach (the tunnel's or the operator's own; in demo mode the
   * listener, which the simulator fetches from), or undefined when there is only the listener on
   * this machine.
   */
  readonly reachable = (): string | undefined =>
    this.chosen ?? (this.listenerServesCarrier ? this.listener : undefined);

  /** A tunnel came online or changed its URL. */
  readonly set = (url: string): void => {
    this.chosen = withoutTrailingSlash(url);
    this.onChange(this.url());
  };
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');
