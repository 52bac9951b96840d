import type { App } from '../../src/main/core/app';
import type { MessageView } from '../../src/shared/types';
import { toMessageView } from '../../src/main/core/domain/messageView';
import { getMessage } from '../../src/main/core/store/messages';

/** Resolves with the message once `check` holds, re-checking on every pushed message event. */
export function messageWhen(
  app: App,
  messageId: number,
  check: (message: MessageView) => boolean,
): Promise<MessageView> {
  return new Promise((resolve) => {
    const test = () => {
      const stored = getMessage(app.db, messageId);
      const message = stored && toMessageView(stored);
      if (message && check(message)) {
        off();
        resolve(message);
        return true;
      }
      return false;
    };
    const off = app.events.subscribe((event) => {
      if (event === 'message:updated' || event === 'message:added') test();
    });
    test();
  });
}

/** Invokes an operator command the way a transport does (validation included). */
export function invoke<T = unknown>(app: App, command: string, payload: unknown): Promise<T> {
  return app.operator.invoke(command, payload) as Promise<T>;
}
