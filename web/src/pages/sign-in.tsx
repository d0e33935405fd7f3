import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiProblem } from '../api/problem.ts';
import { useBrand } from '../brand/brand.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/field.tsx';
import { ErrorNotice } from '../ui/states.tsx';

/** Email and password sign-in under the resolved brand. */
export function SignInPage() {
  const brand = useBrand();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    try {
      await session.signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
    } catch (failure) {
      setProblem(failure);
    } finally {
      setBusy(false);
    }
  }

  const apiProblem = problem instanceof ApiProblem ? problem : null;
  return (
    <main className="sign-in" id="main">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <div className="brand-mark">
          {brand.logo ? <img src={brand.logo} alt="" width={40} height={40} /> : null}
          <span className="product-name">{brand.productName}</span>
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          problem={apiProblem}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          problem={apiProblem}
        />
        <ErrorNotice error={problem} />
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {brand.supportEmail ? (
          <p className="sign-in-support">
            Trouble signing in? <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>
          </p>
        ) : null}
      </form>
    </main>
  );
}
