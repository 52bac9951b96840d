import { useEffect } from 'react';
import { Header } from './components/Header';
import { Inbox } from './components/Inbox';
import { SidePanel } from './components/SidePanel';
import { SignedOut } from './components/SignedOut';
import { Thread } from './components/Thread';
import { useAppStore } from './stores/appStore';
import { selectUnreadTotal, useConversationsStore } from './stores/conversationsStore';

export function App() {
  const connection = useAppStore((state) => state.connection);
  const unread = useConversationsStore(selectUnreadTotal);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Switchboard` : 'Switchboard';
  }, [unread]);

  if (connection === 'signed-out') return <SignedOut />;
  return (
    <div className="layout">
      <Header unread={unread} />
      <Inbox />
      <Thread />
      <SidePanel />
    </div>
  );
}
