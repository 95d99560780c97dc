import { useState } from 'react';
import { useClient, useTerminal } from '../app/context';
import { RemoteProfileForm } from './ProfileSwitcher';

/** Full-screen sign-in for remote profiles (demo mode signs in by itself). */
export function SignIn() {
  const client = useClient();
  const session = useTerminal((s) => s.connection.session);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [profileError, setProfileError] = useState<string | null>(null);
  const hasProfile = session?.profile !== null && session?.profile !== undefined;
  return (
    <main className="fullscreen">
      <div className="card">
        <h1>Tradedesk</h1>
        {hasProfile ? (
          <form
            aria-label="Sign in"
            className="form-grid"
            onSubmit={async (e) => {
              e.preventDefault();
              setBusy(true);
              const r = await client.call('session.signIn', { email, password });
              setBusy(false);
              setError(r.ok ? r.value.error : r.error.message);
            }}
          >
            <p>
              Sign in to <b>{session?.profile?.name}</b>
            </p>
            <label>
              Email{' '}
              <input
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <label>
              Password{' '}
              <input
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            {(error ?? session?.error) && (
              <p className="field-error" role="alert">
                {error ?? session?.error}
              </p>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy || session?.state === 'signing_in' ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : (
          <p>Choose where this terminal trades.</p>
        )}
        <hr />
        <button
          type="button"
          className="btn"
          onClick={async () => {
            const r = await client.call('session.useProfile', { kind: 'demo' });
            setProfileError(r.ok ? null : r.error.message);
          }}
        >
          Use demo profile
        </button>
        <details>
          <summary>Connect a remote profile</summary>
          <RemoteProfileForm onDone={setProfileError} />
        </details>
        {profileError && (
          <p className="field-error" role="alert">
            {profileError}
          </p>
        )}
      </div>
    </main>
  );
}
