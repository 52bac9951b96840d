/** Settings → Knowledge: facts, prices, policies, documents and web pages; the claim check. */
import { toKnowledgeSourceDetails, toKnowledgeSourceView } from '../../domain/knowledgeView';
import { Refusal } from '../../domain/refusal';
import { audit } from '../../store/audit';
import { getKnowledgePassage, getKnowledgeSource, listKnowledgeSources } from '../../store/knowledge'; // prettier-ignore
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

type KnowledgeDeps = Pick<HandlerDeps, 'db' | 'now' | 'knowledge'>;

export function knowledgeCommands(deps: KnowledgeDeps): NamespaceCommands<'knowledge'> {
  const { db, now, knowledge } = deps;

  /** The entry as the list shows it, and an audit line saying what changed. */
  const saved = (id: number, action: string) => {
    const row = getKnowledgeSource(db, id)!;
    audit(db, { actor: 'operator', action, subjectType: 'knowledge', subjectId: id, details: { kind: row.kind, title: row.title }, now: now() }); // prettier-ignore
    return toKnowledgeSourceView(row);
  };

  return {
    'knowledge:list': () => listKnowledgeSources(db).map(toKnowledgeSourceView),

    'knowledge:get': ({ id }) => {
      const row = getKnowledgeSource(db, id);
      if (!row) throw new Refusal('That entry no longer exists.');
      return toKnowledgeSourceDetails(row);
    },

    'knowledge:save': async ({ id, title, entry }) =>
      saved(
        await knowledge.store({
          id,
          kind: entry.kind,
          title,
          content: entry.content,
          origin: null,
        }),
        id ? 'knowledge.edited' : 'knowledge.added',
      ),

    'knowledge:importFile': async ({ fileName, data, title, replaceId }) =>
      saved(
        await knowledge.importFile({
          fileName,
          data: Buffer.from(data, 'base64'),
          title,
          replaceId,
        }),
        replaceId ? 'knowledge.reimported' : 'knowledge.imported',
      ),

    'knowledge:importUrl': async ({ url, title, replaceId }) =>
      saved(
        await knowledge.importUrl({ url, title, replaceId }),
        replaceId ? 'knowledge.reimported' : 'knowledge.imported',
      ),

    'knowledge:delete': ({ id }) => {
      const row = getKnowledgeSource(db, id);
      knowledge.remove(id);
      audit(db, { actor: 'operator', action: 'knowledge.deleted', subjectType: 'knowledge', subjectId: id, details: { title: row?.title ?? null }, now: now() }); // prettier-ignore
      return { ok: true };
    },

    'knowledge:passage': ({ passageId }) => {
      const passage = getKnowledgePassage(db, passageId);
      if (!passage) {
        throw new Refusal('That passage was changed or deleted since this draft was written.');
      }
      return {
        passageId: passage.id,
        sourceId: passage.sourceId,
        title: passage.sourceTitle,
        heading: passage.heading,
        text: passage.text,
        current: true,
      };
    },

    'knowledge:checkClaims': ({ conversationId, text }) =>
      knowledge.checkClaims(conversationId, text),
  };
}
