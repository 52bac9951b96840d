import type { Migration } from './types';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-sending';
import { migration0030 } from './0030-drafting';
import { migration0040 } from './0040-job-indexes';
import { migration0050 } from './0050-search-backlog';
import { migration0060 } from './0060-inbox-counters';
import { migration0070 } from './0070-search-prefix-index';
import { migration0080 } from './0080-bounded-lookups';
import { migration0090 } from './0090-webhook-refusals';
import { migration0100 } from './0100-counters-by-update';
import { migration0110 } from './0110-message-media';
import { migration0120 } from './0120-whatsapp-templates';
import { migration0130 } from './0130-outbound-media';
import { migration0140 } from './0140-knowledge';
import { migration0150 } from './0150-closed-replies';
import { migration0160 } from './0160-notifications';
import { migration0170 } from './0170-carrier-copy-deleted';

/** Every migration, oldest first. Append only: a migration that has shipped is never edited. */
export const migrations: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
  migration0120,
  migration0130,
  migration0140,
  migration0150,
  migration0160,
  migration0170,
];

export type { Migration };
