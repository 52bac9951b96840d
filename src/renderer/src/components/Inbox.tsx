import './Inbox.css';
import { useEffect, useMemo } from 'react';
import {
  triageCategories,
  type ConversationSummary,
  type TriageCategory,
} from '../../../shared/types';
import { contactName, fullCount, shortTime } from '../format';
import { useAppStore } from '../stores/appStore';
import {
  categoryLabels,
  filterConversations,
  hasFailedSend,
  inboxFilters,
  sortConversations,
  tabCount,
  useConversationsStore,
  visibleConversations,
  type InboxFilter,
} from '../stores/conversationsStore';
import { useThreadStore } from '../stores/threadStore';
import { setConversationOrder } from '../keyboard';
import { Count } from './Count';
import { ChannelMark, InboxWindowMarker, useMinuteClock } from './ServiceWindow';
import { VirtualList } from './VirtualList';
import { Tab, TabList, TabPanel, Tabs } from './ui/Tabs';
import { Select, type Choice } from './ui/Select';
import { LoadFailed } from './ui/LoadFailed';
import { usePick } from '../stores/usePick';

const filterNames: Record<InboxFilter, string> = {
  'needs-reply': 'Needs reply',
  drafts: 'Drafts waiting',
  failed: 'Failed',
  all: 'All',
};

const emptyFilter: Record<InboxFilter, string> = {
  'needs-reply': 'Nothing needs a reply: every conversation ends with a text from you.',
  drafts: 'No drafts are waiting. New drafts appear here as customers text.',
  failed: 'No failed sends.',
  all: 'No conversations match.',
};

function preview(conversation: ConversationSummary): string {
  const last = conversation.lastMessage;
  if (!last) return 'No messages yet';
  const text = last.body.trim() || (last.hasMedia ? 'Picture or file' : '(empty message)');
  return last.direction === 'outbound' ? `You: ${text}` : text;
}

function ConversationRow({
  conversation,
  selected,
  now,
}: {
  conversation: ConversationSummary;
  selected: boolean;
  /** The inbox's minute clock, for the window marker. */
  now: number;
}) {
  const open = useThreadStore((state) => state.open);
  const unread = conversation.unreadCount;
  const failed = hasFailedSend(conversation);
  return (
    <button
      type="button"
      className={`row-button conversation-row${unread > 0 ? ' has-unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-row"
      data-conversation-id={conversation.id}
      onClick={() => void open(conversation.id)}
    >
      <span className="row-top">
        <span className="row-name" data-testid="conversation-name">
          {contactName(conversation.contact)}
        </span>
        <ChannelMark conversation={conversation} />
        {conversation.urgency === 'high' && (
          <span className="chip chip-urgent" data-testid="urgent-chip">
            Urgent
          </span>
        )}
        {conversation.category && (
          <span className={`chip chip-${conversation.category}`} data-testid="category-chip">
            {categoryLabels[conversation.category]}
          </span>
        )}
        <time className="row-time" dateTime={new Date(conversation.lastActivityAt).toISOString()}>
          {shortTime(conversation.lastActivityAt)}
        </time>
      </span>
      <span className="row-bottom">
        <span className="row-preview" data-testid="conversation-preview">
          {preview(conversation)}
        </span>
        <InboxWindowMarker conversation={conversation} now={now} />
        {failed && (
          <span className="row-marker row-marker-failed" data-testid="failed-marker">
            Failed
            <span className="visually-hidden"> to send</span>
          </span>
        )}
        {conversation.draftWaiting && (
          <span className="row-marker row-marker-draft" data-testid="draft-marker">
            Draft
            <span className="visually-hidden"> waiting</span>
          </span>
        )}
        {unread > 0 && (
          <span
            className="unread-count"
            data-testid="unread-count"
            title={`${fullCount(unread)} unread`}
          >
            <Count value={unread} />
            <span className="visually-hidden"> unread</span>
          </span>
        )}
      </span>
    </button>
  );
}

/** Needs reply / Drafts waiting / Failed / All, as tabs (arrow keys move between them). */
function FilterTabs({ all }: { all: ConversationSummary[] }) {
  const category = useConversationsStore((state) => state.category);
  const counts = useConversationsStore((state) => state.counts);
  const inCategory = category === null ? all : all.filter((c) => c.category === category);
  return (
    <TabList label="Show conversations" className="inbox-tabs">
      {inboxFilters.map((key) => {
        const count = key === 'all' ? null : tabCount(counts, category, key, inCategory);
        return (
          <Tab
            key={key}
            id={key}
            className={`inbox-tab${key === 'failed' && count ? ' inbox-tab-problem' : ''}`}
            testId={`inbox-filter-${key}`}
          >
            {key === 'drafts' ? (
              <>
                Drafts<span className="visually-hidden"> waiting</span>
              </>
            ) : (
              filterNames[key]
            )}
            {count !== null && count > 0 && (
              <span
                className="inbox-tab-count"
                data-testid="inbox-filter-count"
                title={`${fullCount(count)} conversations`}
              >
                <Count value={count} />
              </span>
            )}
          </Tab>
        );
      })}
    </TabList>
  );
}

const categoryChoices: ReadonlyArray<Choice<TriageCategory | ''>> = [
  { value: '', label: 'All categories' },
  ...triageCategories.map((key) => ({ value: key, label: categoryLabels[key] })),
];

function CategorySelect() {
  const category = useConversationsStore((state) => state.category);
  const setCategory = useConversationsStore((state) => state.setCategory);
  return (
    <Select
      className="inbox-category"
      aria-label="Category"
      value={category ?? ''}
      onChange={(value) => setCategory(value === '' ? null : value)}
      choices={categoryChoices}
      testId="inbox-category"
    />
  );
}

export function Inbox() {
  const { byId, filter, category, status, error, load, setFilter, loadOlder } = usePick(
    useConversationsStore,
    'byId',
    'filter',
    'category',
    'status',
    'error',
    'load',
    'setFilter',
    'loadOlder',
  );
  const selectedId = useThreadStore((state) => state.conversationId);
  const now = useMinuteClock();
  const mode = useAppStore((state) => state.info?.mode);
  const all = useMemo(() => sortConversations(byId), [byId]);
  const conversations = useMemo(
    () => filterConversations(all, filter, category),
    [all, filter, category],
  );
  const selectedIndex = conversations.findIndex((c) => c.id === selectedId);

  // j / k walk what the inbox shows, filters applied.
  useEffect(() => {
    setConversationOrder(() =>
      visibleConversations(useConversationsStore.getState()).map((c) => c.id),
    );
    return () => setConversationOrder(null);
  }, []);

  return (
    <nav className="pane inbox" aria-label="Conversations" data-testid="inbox">
      <div className="inbox-head">
        <h2 className="pane-title">Inbox</h2>
        <CategorySelect />
      </div>
      <Tabs selected={filter} onSelect={setFilter}>
        <FilterTabs all={all} />
        {status === 'error' && (
          <LoadFailed
            look="notice"
            error={error}
            onRetry={() => void load()}
            testId="inbox-retry"
          />
        )}
        <TabPanel id={filter} className="inbox-panel">
          {status === 'ready' && all.length === 0 && (
            <p className="empty" data-testid="inbox-empty">
              {mode === 'live'
                ? 'No conversations yet. Texts your customers send to the business number will appear here.'
                : 'No conversations yet. In demo mode, use the Simulator panel to text the business.'}
            </p>
          )}
          {(status === 'loading' || status === 'idle') && all.length === 0 && (
            <p className="empty">Loading conversations…</p>
          )}
          {all.length > 0 && conversations.length === 0 && (
            <p className="empty" data-testid="inbox-filter-empty">
              {category === null
                ? emptyFilter[filter]
                : `No conversations in ${categoryLabels[category]}${filter === 'all' ? '' : ` under ${filterNames[filter]}`}.`}
            </p>
          )}
          {conversations.length > 0 && (
            <VirtualList
              items={conversations}
              getKey={(conversation) => conversation.id}
              renderItem={(conversation) => (
                <ConversationRow
                  conversation={conversation}
                  selected={conversation.id === selectedId}
                  now={now}
                />
              )}
              estimateSize={62}
              activeIndex={selectedIndex}
              className="inbox-scroll"
              listClassName="conversation-list"
              itemClassName="conversation-item"
              aria-label={filterNames[filter]}
              onNearEnd={() => void loadOlder()}
            />
          )}
        </TabPanel>
      </Tabs>
    </nav>
  );
}
