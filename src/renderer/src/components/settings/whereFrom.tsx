/** Where a setting's value comes from: whether a secret is stored, and which variables win. */
import type { ReactNode } from 'react';
import type { SecretState } from '../../../../shared/types';
import { SecretBadge } from '../ui/Badge';
import sectioned from '../SectionedDialog.module.css';

/** A secret as a fact: whether it is set, and the variable it can come from. */
export function Secret({
  label,
  state,
  testId,
}: {
  label: string;
  state: SecretState;
  testId: string;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <SecretBadge state={state} testId={`secret-${testId}`} />{' '}
        <span className="muted">
          from <code>{state.envVar}</code>
        </span>
      </dd>
    </div>
  );
}

/** The variable names, comma-separated, each as code. */
function VarNames({ vars }: { vars: string[] }) {
  return vars.map((name, index) => (
    <span key={name}>
      {index > 0 && ', '}
      <code>{name}</code>
    </span>
  ));
}

/**
 * Where these values come from. The desktop app keeps them in the system keychain and edits them
 * under Go live; serve mode reads environment variables at start.
 */
export function FromEnvironment({
  vars,
  keychain,
  children,
}: {
  vars: string[];
  keychain: boolean;
  children?: ReactNode;
}) {
  return (
    <div className={sectioned.note} data-testid="settings-env-note">
      {keychain ? (
        <p>
          Change these under <strong>Go live</strong>. Secrets are kept in your system keychain and
          are never shown here, only whether they are set. An environment variable (
          <VarNames vars={vars} />) still wins when it is set.
        </p>
      ) : (
        <p>
          These come from environment variables read when Switchboard starts:{' '}
          <VarNames vars={vars} />. Set them, then restart Switchboard. Secret values are never
          shown here, only whether they are set.
        </p>
      )}
      {children}
    </div>
  );
}
