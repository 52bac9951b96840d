import { DraftCancelled } from './errors';

/**
 * One generation per conversation at a time: each has an AbortController, and a newer inbound
 * message or a regenerate aborts the old one instead of leaving it streaming.
 */
export class Generations {
  private readonly running = new Map<number, { draftId: number; controller: AbortController }>();

  /** Starts the draft's generation, stopping the conversation's previous one. */
  start(conversationId: number, draftId: number): AbortController {
    const controller = new AbortController();
    this.cancel(conversationId, 'superseded');
    this.running.set(conversationId, { draftId, controller });
    return controller;
  }

  /** The draft whose generation runs in the conversation, if any. */
  draftIn(conversationId: number): number | undefined {
    return this.running.get(conversationId)?.draftId;
  }

  cancel(conversationId: number, reason: string): void {
    this.running.get(conversationId)?.controller.abort(new DraftCancelled(reason));
  }

  /** Forgets a finished generation (unless a newer one already took its place). */
  finished(conversationId: number, controller: AbortController): void {
    if (this.running.get(conversationId)?.controller === controller) {
      this.running.delete(conversationId);
    }
  }

  cancelAll(reason: string): void {
    for (const { controller } of this.running.values())
      controller.abort(new DraftCancelled(reason));
  }
}
