import { useEffect } from 'react';
import { Header } from './components/Header';
import { Inbox } from './components/Inbox';
import { SettingsDialog } from './components/settings/SettingsDialog';
import { SidePanel } from './components/SidePanel';
import { SignedOut } from './components/SignedOut';
import { Thread } from './components/Thread';
import { startKeyboardShortcuts } from './keyboard';
import { useAppStore } from './stores/appStore';
import { startConsoleUpdates } from './stores/consoleUpdates';
import { selectUnreadTotal, useConversationsStore } from './stores/conversationsStore';

export function App() {
  const connection = useAppStore((state) => state.connection);
  const unread = useConversationsStore(selectUnreadTotal);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Switchboard` : 'Switchboard';
  }, [unread]);

  // Side panel, search and settings follow pushed events; shortcuts work anywhere on the page.
  useEffect(() => {
    const stopUpdates = startConsoleUpdates();
    const stopKeys = startKeyboardShortcuts();
    return () => {
      stopUpdates();
      stopKeys();
    };
  }, []);

  if (connection === 'signed-out') return <SignedOut />;
  return (
    <div className="layout">
      <Header unread={unread} />
      <Inbox />
      <Thread />
      <SidePanel />
      <SettingsDialog />
    </div>
  );
}
