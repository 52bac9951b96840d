import { useAwayStore } from '../stores/awayStore';
import { Button } from './ui/Button';
import { useAction } from './ui/useAction';

/**
 * The header's "away" switch: while on, a customer who writes gets the away reply (once per
 * conversation until it is switched off), as when the business is closed.
 */
export function AwaySwitch() {
  const away = useAwayStore((state) => state.away);
  const switchTo = useAwayStore((state) => state.switchTo);
  const action = useAction();
  if (!away) return null;
  return (
    <Button
      className={`header-button${away.on ? ' header-away-on' : ''}`}
      aria-pressed={away.on}
      disabled={action.busy}
      onClick={() => void action.run(() => switchTo(!away.on))}
      title={
        action.error ??
        (away.on
          ? 'Customers who write get the away reply. Click when you are back.'
          : 'Going away? Customers who write then get the away reply, once each.')
      }
      data-testid="away-switch"
    >
      {away.on ? 'Away · on' : 'Away'}
    </Button>
  );
}
