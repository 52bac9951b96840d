/**
 * The one file that imports `@ngrok/ngrok` (the linter enforces it). It opens a listener that
 * forwards to the webhook listener and nothing else. Tests replace this whole module at its seam:
 * the TunnelSdk interface below (there is no offline ngrok to test against).
 */
import ngrok from '@ngrok/ngrok';

export interface TunnelOpenOptions {
  /** Local address of the webhook listener, e.g. http://127.0.0.1:53121. */
  addr: string;
  authtoken: string;
  /** A reserved or static domain; unset = ngrok assigns one (free URLs change between runs). */
  domain?: string | undefined;
  /** When set, the ngrok edge also checks Twilio signatures with this auth token (a second lock). */
  twilioAuthToken?: string | undefined;
  /** 'closed' when the session is lost, 'connected' when ngrok reconnected it by itself. */
  onStatusChange: (status: 'connected' | 'closed') => void;
}

export interface TunnelHandle {
  /** The public URL, e.g. https://abc.ngrok-free.app. */
  url(): string | null;
  close(): Promise<void>;
}

/** The seam: what the tunnel manager needs from ngrok. */
export interface TunnelSdk {
  open(options: TunnelOpenOptions): Promise<TunnelHandle>;
}

/** An ngrok failure as the SDK reports it: message and, when the service gave one, its code. */
export interface TunnelSdkError {
  message: string;
  errorCode?: string | undefined;
}

export const ngrokSdk: TunnelSdk = {
  async open(options) {
    const listener = await ngrok.forward({
      addr: options.addr,
      authtoken: options.authtoken,
      // A new session each time, so a changed authtoken takes effect and a dead session is dropped.
      force_new_session: true,
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.twilioAuthToken
        ? { verify_webhook_provider: 'twilio', verify_webhook_secret: options.twilioAuthToken }
        : {}),
      onStatusChange: (status: string) =>
        options.onStatusChange(status === 'connected' ? 'connected' : 'closed'),
    });
    return {
      url: () => listener.url(),
      close: () => listener.close(),
    };
  },
};
