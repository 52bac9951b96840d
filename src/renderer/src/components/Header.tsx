import './Header.css';
import { formatPhone, fullCount } from '../format';
import { useAppStore } from '../stores/appStore';
import { useRecordsStore } from '../stores/recordsStore';
import { useSettingsStore } from '../stores/settingsStore';
import { AwaySwitch } from './AwaySwitch';
import { Count } from './Count';
import { RecordsDialog } from './RecordsDialog';
import { SearchBox } from './SearchBox';
import { Button } from './ui/Button';
import { Badge } from './ui/Badge';
import { usePick } from '../stores/usePick';

export function Header({ unread }: { unread: number }) {
  const { info, connection, loadError } = usePick(useAppStore, 'info', 'connection', 'loadError');
  const openSettings = useSettingsStore((state) => state.open);
  const openRecords = useRecordsStore((state) => state.open);

  return (
    <header className="app-header">
      <h1 className="app-name">Switchboard</h1>
      {info?.mode === 'demo' && (
        <Badge
          tone="caution"
          data-testid="demo-badge"
          title="Texts go to the built-in simulator, not to real phones"
        >
          Demo mode
        </Badge>
      )}
      {info && (
        <span className="header-detail">
          Business number <span className="mono">{formatPhone(info.businessNumber)}</span>
        </span>
      )}
      <span className="header-spacer" />
      <SearchBox />
      <span className="header-spacer" />
      <span role="status" className="connection" data-testid="connection-status">
        {connection === 'reconnecting' && 'Reconnecting…'}
        {connection === 'connecting' && 'Connecting…'}
        {connection === 'open' && loadError}
      </span>
      {unread > 0 && (
        <span
          className="header-unread"
          data-testid="unread-total"
          title={`${fullCount(unread)} unread messages`}
        >
          <Count value={unread} /> unread
        </span>
      )}
      <AwaySwitch />
      <Button className="header-button" onClick={() => openRecords()} data-testid="open-records">
        Records
      </Button>
      {/* Mounted here so the button and its dialog ship together; showModal puts it on top. */}
      <RecordsDialog />
      <Button className="header-button" onClick={() => openSettings()} data-testid="open-settings">
        Settings
      </Button>
    </header>
  );
}
