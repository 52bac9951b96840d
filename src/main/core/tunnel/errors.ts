import type { TunnelSdkError } from './ngrokSdk';

export interface TunnelProblem {
  /** One plain sentence for the operator: what went wrong and what to do. */
  reason: string;
  /**
   * False when trying again cannot help until the operator changes a setting (a bad authtoken,
   * a domain that is not theirs): the manager then stops retrying.
   */
  retry: boolean;
  /** ngrok's ERR_NGROK_nnn when it gave one (for support), never the token. */
  code: string | null;
}

function codeOf(error: unknown): string | null {
  const e = error as Partial<TunnelSdkError> | null;
  if (e && typeof e.errorCode === 'string' && e.errorCode) return e.errorCode;
  const match = /ERR_NGROK_\d+/.exec(messageOf(error));
  return match ? match[0] : null;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);

/** ngrok's errors in the operator's words (protocols.md §8 lists what the SDK throws). */
export function describeTunnelError(error: unknown): TunnelProblem {
  const code = codeOf(error);
  const message = messageOf(error);
  switch (code) {
    case 'ERR_NGROK_105':
    case 'ERR_NGROK_106':
    case 'ERR_NGROK_107':
      return {
        code,
        retry: false,
        reason: `ngrok refused the authtoken (${code}). Check your authtoken in Settings: copy it again from dashboard.ngrok.com.`,
      };
    case 'ERR_NGROK_4018':
      return {
        code,
        retry: false,
        reason: `ngrok needs an authtoken (${code}). Paste yours from dashboard.ngrok.com into Settings.`,
      };
    case 'ERR_NGROK_326':
    case 'ERR_NGROK_319':
      return {
        code,
        retry: false,
        reason: `That domain is not reserved on your ngrok account (${code}). Check the domain in Settings, or leave it empty to get a free address.`,
      };
    case 'ERR_NGROK_108':
      return {
        code,
        retry: true,
        reason: `Your ngrok account is already online from another place (${code}); free accounts allow one at a time. Close the other agent; Switchboard keeps trying.`,
      };
    default:
      break;
  }
  if (/failed to establish tcp connection|tls handshake error|dns|timed out/i.test(message)) {
    return {
      code,
      retry: true,
      reason: 'Could not reach ngrok: check the internet connection. Switchboard keeps trying.',
    };
  }
  return {
    code,
    retry: true,
    reason: `ngrok could not open the tunnel${code ? ` (${code})` : ''}. Switchboard keeps trying.`,
  };
}
