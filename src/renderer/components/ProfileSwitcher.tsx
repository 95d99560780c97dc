import { useRef, useState } from 'react';
import { useClient, useTerminal } from '../app/context';

/** Header control: which backend profile this terminal runs against, and sign-out. */
export function ProfileSwitcher() {
  const session = useTerminal((s) => s.connection.session);
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (!session) return null;
  /** Esc closes the popover from anywhere inside it and gives focus back to its button. */
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    button.current?.focus();
  };
  const label = session.profile ? `${session.profile.kind === 'demo' ? 'Demo' : session.profile.name}` : 'No profile';
  return (
    <div className="profile" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="btn btn-small"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Profile: {label}
        {session.user?.email ? ` · ${session.user.email}` : ''}
      </button>
      {open && (
        <div className="menu" role="group" aria-label="Profile">
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const r = await client.call('session.useProfile', { kind: 'demo' });
              setError(r.ok ? null : r.error.message);
              if (r.ok) setOpen(false);
            }}
          >
            Use demo profile
          </button>
          <RemoteProfileForm
            onDone={(message) => {
              setError(message);
              if (!message) setOpen(false);
            }}
          />
          {session.state === 'signed_in' && session.profile?.kind === 'remote' && (
            <button type="button" className="btn" onClick={() => void client.call('session.signOut', {})}>
              Sign out
            </button>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

export function RemoteProfileForm({ onDone }: { onDone: (error: string | null) => void }) {
  const client = useClient();
  const [fields, setFields] = useState({ name: '', supabaseUrl: '', anonKey: '', marketUrl: '', marketApiKey: '' });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setFields({ ...fields, [k]: e.target.value });
  return (
    <form
      className="form-grid"
      aria-label="Remote profile"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const r = await client.call('session.useProfile', { kind: 'remote', ...fields });
        setBusy(false);
        onDone(r.ok ? null : r.error.message);
      }}
    >
      <label>
        Profile name <input required value={fields.name} onChange={set('name')} />
      </label>
      <label>
        Supabase URL <input required type="url" value={fields.supabaseUrl} onChange={set('supabaseUrl')} />
      </label>
      <label>
        Supabase anon key <input required value={fields.anonKey} onChange={set('anonKey')} />
      </label>
      <label>
        Market data URL <input required type="url" value={fields.marketUrl} onChange={set('marketUrl')} />
      </label>
      <label>
        Market API key <input required value={fields.marketApiKey} onChange={set('marketApiKey')} />
      </label>
      <button type="submit" className="btn" disabled={busy}>
        Use remote profile
      </button>
    </form>
  );
}
