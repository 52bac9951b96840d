import type { Migration } from './types';

/**
 * When Twilio's copy of a kept attachment was deleted at our request (issue 16, the privacy
 * setting "Delete Twilio's copy once ours is safe"). Null: Twilio may still have it. The console
 * says so on the attachment, and the `carrierMedia` job never deletes the same item twice.
 * Rows from before it are null: nothing was ever deleted at Twilio by an older version.
 */
export const migration0170: Migration = {
  version: 170,
  name: 'carrier copy deleted',
  up(db) {
    db.exec(`ALTER TABLE message_media ADD COLUMN carrier_deleted_at INTEGER;`);
  },
};
