import { useSettingsStore, type SettingsSection } from '../../stores/settingsStore';
import { usePick } from '../../stores/usePick';
import { GoLiveSection } from '../golive/GoLiveSection';
import { KnowledgeSection } from '../knowledge/KnowledgeSection';
import { SectionedDialog } from '../SectionedDialog';
import { LoadFailed } from '../ui/LoadFailed';
import { AiSection } from './AiSection';
import { HandoffSection } from './HandoffSection';
import { HoursSection } from './HoursSection';
import { LanguagesSection } from './LanguagesSection';
import { NgrokSection } from './NgrokSection';
import { NotifySection } from './NotifySection';
import { PrivacySection } from './PrivacySection';
import { ProfileSection } from './ProfileSection';
import { SendingSection } from './SendingSection';
import { TwilioSection } from './TwilioSection';

const sections: Array<{ id: SettingsSection; label: string }> = [
  { id: 'golive', label: 'Go live' },
  { id: 'sending', label: 'Sending' },
  { id: 'profile', label: 'Business profile' },
  { id: 'knowledge', label: 'Knowledge' },
  { id: 'hours', label: 'Opening hours' },
  { id: 'handoff', label: 'Hand-off' },
  { id: 'ai', label: 'AI drafts' },
  { id: 'notify', label: 'Notifications' },
  { id: 'languages', label: 'Languages' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'twilio', label: 'Twilio' },
  { id: 'ngrok', label: 'ngrok' },
];

/** The Settings screen, a modal dialog opened from the header; Escape closes it. */
export function SettingsDialog() {
  const {
    section,
    status,
    error,
    load,
    console: consoleSettings,
    drafting,
  } = usePick(useSettingsStore, 'section', 'status', 'error', 'load', 'console', 'drafting');

  const ready = status === 'ready' && consoleSettings && drafting;
  return (
    <SectionedDialog name="settings" title="Settings" store={useSettingsStore} sections={sections}>
      {status === 'loading' && <p className="muted">Loading settings…</p>}
      {status === 'error' && <LoadFailed error={error} onRetry={() => void load()} />}
      {ready && section === 'golive' && <GoLiveSection settings={consoleSettings} />}
      {ready && section === 'sending' && <SendingSection settings={consoleSettings} />}
      {ready && section === 'profile' && <ProfileSection drafting={drafting.settings} />}
      {ready && section === 'knowledge' && <KnowledgeSection />}
      {ready && section === 'hours' && <HoursSection drafting={drafting.settings} />}
      {ready && section === 'handoff' && <HandoffSection drafting={drafting.settings} />}
      {ready && section === 'ai' && (
        <AiSection
          settings={consoleSettings}
          drafting={drafting.settings}
          status={drafting.status}
        />
      )}
      {ready && section === 'notify' && <NotifySection />}
      {ready && section === 'languages' && <LanguagesSection />}
      {ready && section === 'privacy' && <PrivacySection />}
      {ready && section === 'twilio' && <TwilioSection settings={consoleSettings} />}
      {ready && section === 'ngrok' && <NgrokSection settings={consoleSettings} />}
    </SectionedDialog>
  );
}
