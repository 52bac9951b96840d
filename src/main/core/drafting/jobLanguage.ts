/** The draft job, step 1: which language the customer wrote in, and which to answer in. */
import type { Db } from '../store/database';
import { setContactLanguage, type DraftSubject } from '../store/draftContext';
import { detectLanguage } from './language';

export interface JobLanguage {
  /** What the detector guessed for this message, reliable or not (stored on the message). */
  detected: string | null;
  /** The message's language when reliable, else the contact's, else the guess. */
  replyIn: string | null;
}

/**
 * A reliable guess is learned on the contact (and on `subject`, so later steps see it). The write
 * is derived from stored messages, so `write` may skip waiting for the disk (see jobStoring.ts).
 */
export async function settleLanguage(
  db: Db,
  subject: DraftSubject,
  args: { now: number; write: <T>(work: () => T) => T },
): Promise<JobLanguage> {
  const guess = await detectLanguage(subject.body);
  const learned =
    guess?.reliable &&
    args.write(() => setContactLanguage(db, subject.contact.id, guess.language, args.now));
  if (learned) subject.contact.language = guess.language;
  return {
    detected: guess?.language ?? null,
    replyIn:
      (guess?.reliable ? guess.language : null) ??
      subject.contact.language ??
      guess?.language ??
      null,
  };
}
